'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { render, build } = require('../build.js');

test('a page renders escaped', () => {
  const html = render({ title: 'A <b>', body: 'x & y', links: [{ href: '/a', label: 'A' }] });
  assert.match(html, /<title>A &lt;b&gt;<\/title>/);
  assert.match(html, /x &amp; y/);
  assert.match(html, /<a href="\/a">A<\/a>/);
});

test('the build writes every page and a stable id', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'web-'));
  const first = build('pages', out);
  assert.ok(fs.existsSync(path.join(out, 'static', 'index.html')));
  assert.ok(fs.existsSync(path.join(out, 'static', 'about.html')));
  assert.strictEqual(build('pages', out), first);
});
