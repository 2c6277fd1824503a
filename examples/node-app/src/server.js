// A minimal HTTP server: /health answers ok.
const http = require("http");
http
  .createServer((request, response) => {
    response.end(request.url === "/health" ? "ok" : "node-app");
  })
  .listen(3000);
