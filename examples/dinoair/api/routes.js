'use strict';
// The API's routes: /health, /api/chat (to the Python application), /api/generate (to the image
// pipeline). `upstream` is how they reach the other services (fetch in production, a stub in tests).
const { createApp } = require('dinoair-http');

function routes(upstream) {
  return createApp()
    .get('/health', (request, response) => response.json(200, { status: 'ok' }))
    .post('/api/chat', async (request, response) => {
      if (!request.body || typeof request.body.message !== 'string') return response.json(400, { error: 'post {"message": "..."}' });
      const answer = await upstream('app', '/chat', { message: request.body.message });
      response.json(answer.status, answer.body);
    })
    .post('/api/generate', async (request, response) => {
      const seed = Number((request.body && request.body.seed) || 0);
      const prompt = {
        1: { class_type: 'EmptyLatentImage', inputs: { width: 64, height: 64 } },
        2: { class_type: 'KSampler', inputs: { latent: ['1', 0], seed, steps: 4 } },
        3: { class_type: 'VAEDecode', inputs: { latent: ['2', 0] } },
      };
      const answer = await upstream('comfyui', '/prompt', { prompt });
      response.json(answer.status, answer.body);
    });
}

module.exports = { routes };
