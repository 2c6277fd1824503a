'use strict';
// A small router over node:http: exact-path routes per method, JSON bodies and replies, and
// static files from one folder.
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json' };

function createApp() {
  const routes = new Map();
  let staticRoot = null;
  const app = {
    get(route, handler) { routes.set(`GET ${route}`, handler); return app; },
    post(route, handler) { routes.set(`POST ${route}`, handler); return app; },
    static(folder) { staticRoot = path.resolve(folder); return app; },
    handle(request, response) {
      const url = new URL(request.url, 'http://localhost');
      response.json = (status, body) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      const handler = routes.get(`${request.method} ${url.pathname}`);
      if (handler) {
        const chunks = [];
        request.on('data', (chunk) => chunks.push(chunk));
        request.on('end', () => {
          let body = null;
          if (chunks.length) {
            try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { return response.json(400, { error: 'the body is not JSON' }); }
          }
          Promise.resolve(handler({ url, body, headers: request.headers }, response)).catch((error) => response.json(500, { error: String(error) }));
        });
        return;
      }
      if (staticRoot && request.method === 'GET') {
        const file = path.join(staticRoot, url.pathname === '/' ? 'index.html' : path.normalize(url.pathname));
        if (file.startsWith(staticRoot) && fs.existsSync(file) && fs.statSync(file).isFile()) {
          response.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
          return fs.createReadStream(file).pipe(response);
        }
      }
      response.json(404, { error: `no route for ${request.method} ${url.pathname}` });
    },
    listen(port, host, done) { return http.createServer(app.handle).listen(port, host, done); },
  };
  return app;
}

module.exports = { createApp };
