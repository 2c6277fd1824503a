'use strict';
// The build step (what `next build` is to a Next.js app): renders every page of pages/ into
// .next/static as HTML and writes a build id.
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

function escape(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

function render(page) {
  const links = (page.links || []).map((link) => `<li><a href="${escape(link.href)}">${escape(link.label)}</a></li>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(page.title)}</title></head>` +
    `<body><h1>${escape(page.title)}</h1><p>${escape(page.body)}</p><ul>${links}</ul></body></html>\n`;
}

function build(pages, out) {
  fs.mkdirSync(path.join(out, 'static'), { recursive: true });
  const hash = crypto.createHash('sha256');
  for (const file of fs.readdirSync(pages).filter((name) => name.endsWith('.json')).sort()) {
    const html = render(JSON.parse(fs.readFileSync(path.join(pages, file), 'utf8')));
    const name = file === 'index.json' ? 'index.html' : file.replace(/\.json$/, '.html');
    fs.writeFileSync(path.join(out, 'static', name), html);
    hash.update(html);
  }
  const id = hash.digest('hex').slice(0, 12);
  fs.writeFileSync(path.join(out, 'BUILD_ID'), id + '\n');
  return id;
}

if (require.main === module) {
  console.log(`built ${build('pages', '.next')}`);
}

module.exports = { render, build };
