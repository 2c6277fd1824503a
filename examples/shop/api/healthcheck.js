const http = require("http");
http.get(`http://localhost:${process.env.PORT || 3000}/health`, (response) => process.exit(response.statusCode === 200 ? 0 : 1))
  .on("error", () => process.exit(1));
