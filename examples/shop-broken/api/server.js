const http = require("http");
const port = Number(process.env.PORT || 3000);
http.createServer((request, response) => {
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify({ ok: true, path: request.url }));
}).listen(port);
