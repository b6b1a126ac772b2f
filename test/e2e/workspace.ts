// A throwaway copy of examples/ for a test to open and edit.

import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repositoryRoot } from './code-server';

export function copyExamples(): string {
  const folder = path.join(mkdtempSync(path.join(os.tmpdir(), 'whirlpool-workspace-')), 'examples');
  cpSync(path.join(repositoryRoot, 'examples'), folder, { recursive: true });
  return folder;
}

export const artifactsFolder = path.join(repositoryRoot, 'test-artifacts');
