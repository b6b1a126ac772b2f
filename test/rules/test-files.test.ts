// Which files count as tests for the debug-sink rule (WP804): Python's
// pytest conventions and the sbt/Maven layout with ScalaTest names.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTestFile } from '../../server/src/rules/debug-sink-in-production';

test('Python and Scala test files are recognised, jobs are not', () => {
  for (const path of ['tests/test_events.py', 'test_events.py', 'pkg/events_test.py', 'src/test/scala/com/acme/JobSpec.scala',
    'src/test/scala/Helpers.scala', 'jobs/EnrichmentSuite.scala', 'jobs/EnrichmentTest.scala', 'jobs/EnrichmentTests.scala']) {
    assert.equal(isTestFile(path), true, path);
  }
  for (const path of ['jobs/enrichment.py', 'src/main/scala/com/acme/Job.scala', 'jobs/Contest.py', 'src/main/scala/Testing.scala',
    'jobs/test/latest.py', 'jobs/SpecialOffers.scala']) {
    assert.equal(isTestFile(path), false, path);
  }
});
