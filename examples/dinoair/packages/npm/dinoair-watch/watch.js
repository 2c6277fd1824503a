#!/usr/bin/env node
'use strict';
// Runs `node <script>` and starts it again whenever a file under the current folder changes
// (node_modules and dot folders aside): the development targets' file-watching server.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const script = process.argv[2];
if (!script) { console.error('usage: dinoair-watch SCRIPT'); process.exit(2); }
let child = null;
let timer = null;
function start() {
  child = spawn(process.execPath, [script], { stdio: 'inherit' });
  child.on('exit', (code, signal) => { if (signal === null && code !== 0) console.error(`dinoair-watch: ${script} exited with ${code}; waiting for a change`); });
}
function restart(file) {
  clearTimeout(timer);
  timer = setTimeout(() => {
    console.error(`dinoair-watch: ${file} changed; restarting ${script}`);
    if (child) { child.removeAllListeners('exit'); child.kill('SIGTERM'); }
    start();
  }, 100);
}
// Every folder is watched on its own: recursive fs.watch needs Node 20 on Linux.
function watch(folder) {
  fs.watch(folder, (event, file) => { if (file && !file.startsWith('.')) restart(path.join(folder, file)); });
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) watch(path.join(folder, entry.name));
  }
}
watch('.');
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { if (child) child.kill(signal); process.exit(0); });
start();
