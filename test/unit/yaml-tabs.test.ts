import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../core/yaml';
import { separatingTabsToSpaces } from '../../core/yaml/tabs';
import { parse as reference } from 'yaml';

const cases = [
  'items:\t[1, 2]\n',
  'items: [1,\t2]\n',
  'a:\t1\nb:\t\ttwo words\n',
  'a: 1\t# comment\n',
  'list:\n  -\tx\n  - y\n',
  'flow: {a:\t1,\tb: [x,\ty]\t}\n',
  'multi: [1,\n  \t2]\n',
  'plain: hello\tworld\n',
  'dq: "tab\there"\nsq: \'tab\there\'\n',
  'block: |\n  keep\tthis\n  and\tthis\nnext:\t3\n',
  'k\t: v\n',
];

test('separating tabs parse as YAML 1.2 says (the `yaml` package is the reference)', () => {
  for (const t of cases) {
    const r = parseYaml(t);
    assert.deepEqual(r.errors, [], `no errors for ${JSON.stringify(t)}`);
    assert.deepEqual(r.docs[0]!.value, reference(t), JSON.stringify(t));
    assert.equal(separatingTabsToSpaces(t).length, t.length, 'offsets are kept');
  }
});

test('tabs as indentation stay an error, and texts without tabs are untouched', () => {
  const r = parseYaml('a:\n\tb: 1\n');
  assert.ok(r.errors.length > 0);
  assert.match(r.errors[0]!.message, /tabs/);
  const plain = 'a: 1\nb: [x, y]\n';
  assert.equal(separatingTabsToSpaces(plain), plain);
});
