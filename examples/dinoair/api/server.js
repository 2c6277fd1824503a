'use strict';
const { routes } = require('./routes.js');

const port = Number(process.env.PORT || 8080);
const services = { app: process.env.APP_URL || 'http://app:8000', comfyui: process.env.COMFYUI_URL || 'http://comfyui:8188' };

async function upstream(service, path, body) {
  try {
    const answer = await fetch(services[service] + path, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    return { status: answer.status, body: await answer.json() };
  } catch (error) {
    return { status: 502, body: { error: `${service} unreachable: ${error.message}` } };
  }
}

routes(upstream).listen(port, '0.0.0.0', () => console.error(`api listening on ${port}`));
