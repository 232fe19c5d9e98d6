/**
 * The Node floor of `npm run bench:http`: a minimal node:http server running the OKR list's SQL with
 * `pg` (what Next.js itself costs is the difference to the bare route handler). Listens on PORT.
 */
import http from "node:http";
import pg from "pg";
import { objectivesSql } from "./sql";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const text = objectivesSql(true);

http
  .createServer((req, res) => {
    const q = new URL(req.url ?? "/", "http://x").searchParams;
    pool.query(text, [q.get("org"), q.get("period"), q.get("dept")]).then(
      ({ rows }) => {
        res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
        res.end(JSON.stringify(rows));
      },
      (e: unknown) => {
        res.writeHead(500);
        res.end(String(e));
      },
    );
  })
  .listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
