// Detecting the target Spark version from build files, one test per format,
// and the precedence setting/flag > build file > default.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chooseSparkVersion,
  describeSparkVersionChoice,
  detectSparkVersion,
  type BuildFileText,
} from '../../server/src/analysis/detect-spark-version';

function detect(...files: BuildFileText[]): { version: string | null; what: string | null; path: string | null; problems: readonly string[] } {
  const result = detectSparkVersion(files);
  return {
    version: result.value ? result.value.version.join('.') : null,
    what: result.value?.what ?? null,
    path: result.value?.path ?? null,
    problems: result.problems,
  };
}

test('requirements.txt: a pin, a lower bound, extras, comments', () => {
  assert.equal(detect({ path: 'requirements.txt', text: 'delta-spark==2.4.0\npyspark==3.3.2\n' }).version, '3.3.2');
  assert.equal(detect({ path: 'requirements-dev.txt', text: 'pyspark[sql] >= 3.4.1, < 4.0\n' }).version, '3.4.1');
  assert.equal(detect({ path: 'requirements.txt', text: 'pyspark<4,>=3.5\n' }).version, '3.5.0');
  assert.equal(detect({ path: 'requirements.txt', text: 'pyspark~=3.5.1\n' }).version, '3.5.1');
  assert.equal(detect({ path: 'requirements.txt', text: '# pyspark==2.4.0\npyspark==3.4.0  # pinned for the cluster\n' }).version, '3.4.0');
  assert.equal(detect({ path: 'requirements.txt', text: 'pyspark-stubs==3.0.0\nmy-pyspark==1.0.0\n' }).version, null);
  assert.equal(detect({ path: 'requirements.txt', text: 'pyspark<4\n' }).version, null, 'an upper bound alone says nothing');
  assert.equal(detect({ path: 'requirements.txt', text: 'pyspark\n' }).version, null);
});

test('pyproject.toml: PEP 621 dependencies and Poetry', () => {
  const pep621 = '[project]\nname = "jobs"\ndependencies = [\n  "pyspark>=3.4.0,<3.6",\n  "delta-spark",\n]\n';
  assert.deepEqual(detect({ path: 'pyproject.toml', text: pep621 }).version, '3.4.0');
  assert.equal(detect({ path: 'pyproject.toml', text: '[tool.poetry.dependencies]\npython = "^3.10"\npyspark = "^3.5.1"\n' }).version, '3.5.1');
  assert.equal(detect({ path: 'pyproject.toml', text: '[tool.poetry.dependencies]\npyspark = { version = "3.3.2", extras = ["sql"] }\n' }).version, '3.3.2');
  assert.equal(detect({ path: 'pyproject.toml', text: '[tool.poetry.dependencies]\npyspark = ">=3.2,<3.4"\n' }).version, '3.2.0');
});

test('setup.py, setup.cfg and environment.yml', () => {
  assert.equal(detect({ path: 'setup.py', text: 'setup(name="jobs", install_requires=["pyspark==3.2.4", "pyarrow"])\n' }).version, '3.2.4');
  assert.equal(detect({ path: 'setup.cfg', text: '[options]\ninstall_requires =\n    pyspark>=3.3.1\n' }).version, '3.3.1');
  const conda = 'name: jobs\ndependencies:\n  - python=3.11\n  - pyspark=3.5.0\n';
  assert.deepEqual(detect({ path: 'environment.yml', text: conda }), { version: '3.5.0', what: 'pyspark=3.5.0', path: 'environment.yml', problems: [] });
});

test('pom.xml: a spark-sql version, directly or through a property', () => {
  const direct = '<project><dependencies><dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_2.12</artifactId><version>3.4.1</version></dependency></dependencies></project>';
  assert.equal(detect({ path: 'pom.xml', text: direct }).version, '3.4.1');
  const property = `<project>
  <properties><spark.version>3.5.2</spark.version></properties>
  <dependencies>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-core_2.13</artifactId><version>\${spark.version}</version></dependency>
  </dependencies>
</project>`;
  const found = detect({ path: 'pom.xml', text: property });
  assert.equal(found.version, '3.5.2');
  assert.match(found.what ?? '', /spark-core_2\.13/);
});

test('build.sbt: a literal version or a val', () => {
  assert.equal(detect({ path: 'build.sbt', text: 'libraryDependencies += "org.apache.spark" %% "spark-sql" % "3.5.1" % "provided"\n' }).version, '3.5.1');
  const viaVal = 'val sparkVersion = "3.3.4"\nlibraryDependencies ++= Seq(\n  "org.apache.spark" %% "spark-sql" % sparkVersion\n)\n';
  assert.equal(detect({ path: 'build.sbt', text: viaVal }).version, '3.3.4');
});

test('databricks.yml: a known runtime maps to its Spark release, an unknown one is a problem, not a guess', () => {
  const bundle = 'resources:\n  jobs:\n    clicks:\n      job_clusters:\n        - new_cluster:\n            spark_version: 14.3.x-scala2.12\n';
  assert.deepEqual(detect({ path: 'databricks.yml', text: bundle }), { version: '3.5.0', what: 'Databricks Runtime 14.3', path: 'databricks.yml', problems: [] });
  assert.equal(detect({ path: 'databricks.yml', text: 'spark_version: "13.3.x-photon-scala2.12"\n' }).version, '3.4.1');
  assert.equal(detect({ path: 'databricks.yml', text: 'spark_version: 17.3.x-scala2.13\n' }).version, '4.0.0');
  const unknown = detect({ path: 'databricks.yml', text: 'spark_version: 9.1.x-scala2.12\n' });
  assert.equal(unknown.version, null);
  assert.equal(unknown.problems.length, 1);
  assert.match(unknown.problems[0] ?? '', /Databricks Runtime 9\.1 is not in the table/);
});

test('a databricks-connect pin names its Databricks runtime; pyspark wins when both are pinned', () => {
  assert.deepEqual(detect({ path: 'requirements.txt', text: 'databricks-connect==14.3.2\n' }), {
    version: '3.5.0',
    what: 'databricks-connect 14.3 (Databricks Runtime 14.3)',
    path: 'requirements.txt',
    problems: [],
  });
  assert.equal(detect({ path: 'pyproject.toml', text: '[project]\ndependencies = ["databricks-connect~=13.3.0"]\n' }).version, '3.4.1');
  assert.equal(detect({ path: 'requirements.txt', text: 'databricks-connect==14.3.2\npyspark==3.5.2\n' }).version, '3.5.2');
  assert.equal(detect({ path: 'requirements.txt', text: 'databricks-connect==10.4.18\n' }).version, '3.2.1');
  assert.match(detect({ path: 'requirements.txt', text: 'databricks-connect==15.1.0\n' }).problems[0] ?? '', /Databricks Runtime 15\.1, which is not in the table/);
});

test('among several build files the Python pin comes first, and other files are ignored', () => {
  const found = detect(
    { path: 'databricks.yml', text: 'spark_version: 15.4.x-scala2.12\n' },
    { path: 'README.md', text: 'pyspark==1.0.0' },
    { path: 'requirements.txt', text: 'pyspark==3.3.2\n' },
  );
  assert.equal(found.version, '3.3.2');
  assert.equal(found.path, 'requirements.txt');
  assert.equal(detect({ path: 'requirements.txt', text: 'pandas\n' }, { path: 'databricks.yml', text: 'spark_version: 15.4.x-scala2.12\n' }).version, '3.5.0');
});

test('precedence: the setting or flag, then the build file, then the default', () => {
  const detected = detectSparkVersion([{ path: 'jobs/requirements.txt', text: 'pyspark==3.3.2\n' }]).value;
  const explicit = chooseSparkVersion({ version: [3, 5, 0], from: '--spark-version' }, detected, [4, 0, 0]);
  assert.deepEqual(explicit.version, [3, 5, 0]);
  assert.equal(describeSparkVersionChoice(explicit), 'Spark 3.5.0, from --spark-version');
  const fromFile = chooseSparkVersion(null, detected, [4, 0, 0]);
  assert.deepEqual(fromFile.version, [3, 3, 2]);
  assert.equal(describeSparkVersionChoice(fromFile), 'Spark 3.3.2, from jobs/requirements.txt (pyspark==3.3.2)');
  const fallback = chooseSparkVersion(null, null, [4, 0, 0]);
  assert.deepEqual(fallback.version, [4, 0, 0]);
  assert.match(describeSparkVersionChoice(fallback), /^Spark 4\.0\.0, the default/);
});
