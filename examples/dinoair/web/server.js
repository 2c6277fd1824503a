'use strict';
// Serves the built pages and asks the API how the stack is: GET /api/status.
const fs = require('node:fs');
const { createApp } = require('dinoair-http');

const port = Number(process.env.PORT || 3000);
const api = process.env.API_URL || 'http://api:8080';
const buildId = fs.readFileSync('.next/BUILD_ID', 'utf8').trim();

const app = createApp()
  .get('/health', (request, response) => response.json(200, { status: 'ok', build: buildId }))
  .get('/api/status', async (request, response) => {
    try {
      const answer = await fetch(`${api}/health`);
      response.json(answer.ok ? 200 : 502, { web: 'ok', api: answer.ok ? 'ok' : `status ${answer.status}` });
    } catch (error) {
      response.json(502, { web: 'ok', api: `unreachable: ${error.message}` });
    }
  })
  .static('.next/static');

app.listen(port, '0.0.0.0', () => console.error(`web ${buildId} listening on ${port}`));
