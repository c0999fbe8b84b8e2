// The floor for an HTTP file server written in JavaScript: Node's `http` with one file piped from
// `fs.createReadStream` (no offers, no ranges, no digests, no progress events). http.bench.ts runs it
// beside our server, nginx and lighttpd: nginx and lighttpd hand the file to the kernel with
// sendfile(2), which Node has no API for, so this says how much of their lead is the platform's.
// A measuring stick, not a server. Usage: node bench/http-node-floor.mjs FILE PORT
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';

const [file, port] = [process.argv[2], Number(process.argv[3])];
http
  .createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(statSync(file).size) });
    createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(res);
  })
  .listen(port, '127.0.0.1');
