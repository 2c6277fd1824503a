'use strict';
// The image's HEALTHCHECK: exit 0 when GET /health answers 200 within two seconds.
const http = require('node:http');

const request = http.get({ host: '127.0.0.1', port: Number(process.env.PORT || 3000), path: '/health', timeout: 2000 }, (response) => {
  process.exit(response.statusCode === 200 ? 0 : 1);
});
request.on('timeout', () => { request.destroy(); process.exit(1); });
request.on('error', () => process.exit(1));
