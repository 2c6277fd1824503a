'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { routes } = require('../routes.js');

function serve(upstream) {
  return new Promise((resolve) => {
    const server = routes(upstream).listen(0, '127.0.0.1', () => resolve(server));
  });
}

test('chat goes to the application and its answer comes back', async () => {
  const calls = [];
  const server = await serve(async (service, path, body) => { calls.push([service, path, body]); return { status: 200, body: { reply: 'hi' } }; });
  const { port } = server.address();
  const answer = await fetch(`http://127.0.0.1:${port}/api/chat`, { method: 'POST', body: JSON.stringify({ message: 'hello' }) });
  assert.strictEqual(answer.status, 200);
  assert.deepStrictEqual(await answer.json(), { reply: 'hi' });
  assert.deepStrictEqual(calls, [['app', '/chat', { message: 'hello' }]]);
  server.close();
});

test('a chat without a message is refused', async () => {
  const server = await serve(async () => { throw new Error('not called'); });
  const answer = await fetch(`http://127.0.0.1:${server.address().port}/api/chat`, { method: 'POST', body: '{}' });
  assert.strictEqual(answer.status, 400);
  server.close();
});
