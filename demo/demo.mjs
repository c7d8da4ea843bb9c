// npm run demo: the workflows of examples/ end to end on loopback, each call
// printed as strace would print it. Every example runs as its own process
// with BERKELEY_SOCKETS_TRACE=1; its lines are prefixed with its name, so the
// server and the client appear interleaved as they happen. Only 127.0.0.1.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** `node --import tsx file.ts`: what `npx tsx file.ts` runs, in one process. */
const tsxLoader = pathToFileURL(createRequire(join(root, "package.json")).resolve("tsx")).href;
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const WIDTH = 13;

/** A call line from the trace ("name(args) = result"), as opposed to the program's own output. */
const isCall = (line) => /^[a-z_0-9]+\(.*\) = /.test(line);

/**
 * Runs examples/<name>.ts with the trace on. stdout and stderr share one pipe
 * (2>&1), so the program's output and its calls keep their order.
 */
function run(name, args) {
  const child = spawn("sh", ["-c", 'exec "$0" "$@" 2>&1', process.execPath, "--import", tsxLoader, join(root, "examples", `${name}.ts`), ...args], {
    cwd: root,
    env: { ...process.env, BERKELEY_SOCKETS_TRACE: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const waiters = [];
  let pending = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => {
    pending += chunk;
    let nl;
    while ((nl = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      const tag = paint("36", name.padEnd(WIDTH));
      console.log(isCall(line) ? `${tag} ${line}` : `${tag} ${paint("1", `| ${line}`)}`);
      for (const w of [...waiters]) {
        const m = line.match(w.re);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    }
  });
  const exited = new Promise((res) => child.on("close", (code) => res(code)));
  const handle = {
    /** Resolves with the first later line that matches re. */
    line: (re) =>
      new Promise((res, rej) => {
        waiters.push({ re, resolve: res });
        exited.then((code) => rej(new Error(`${name} exited (${code}) before printing ${re}`)));
      }),
    exit: () => exited,
    kill: () => child.kill("SIGKILL"),
  };
  running.add(handle);
  void exited.then(() => running.delete(handle));
  return handle;
}

function heading(text) {
  console.log(`\n${paint("1;33", `== ${text}`)}`);
}

/** Every example still running, killed if the demo fails or stalls. */
const running = new Set();
const STALL_MS = 120_000;

async function main() {
  setTimeout(() => fail(new Error(`the demo stalled for ${STALL_MS / 1000} s`)), STALL_MS).unref();
  console.log("Each example runs as its own process with BERKELEY_SOCKETS_TRACE=1.");
  console.log(`  ${paint("36", "program")}  call(arguments) = result   a native call, printed when it returns (strace style)`);
  console.log(`  ${paint("36", "program")}  ${paint("1", "| text")}                     what the program itself printed`);

  heading("TCP: socket -> bind -> listen -> accept -> read/write -> close, two clients");
  const tcpServer = run("tcp_server", ["0", "2"]);
  const [, tcpPort] = await tcpServer.line(/^listening on 127\.0\.0\.1:(\d+)$/);
  await run("tcp_client", ["127.0.0.1", tcpPort, "hello from client 1"]).exit();
  await run("tcp_client", ["127.0.0.1", tcpPort, "hello from client 2"]).exit();
  await tcpServer.exit();

  heading("TCP: the server has exited, so connect is refused");
  await run("tcp_client", ["127.0.0.1", tcpPort, "anyone there?"]).exit();

  heading("UDP: socket -> bind -> sendto/recvfrom -> close");
  const udpServer = run("udp_server", ["0", "1"]);
  const [, udpPort] = await udpServer.line(/^listening on 127\.0\.0\.1:(\d+)$/);
  await run("udp_client", ["127.0.0.1", udpPort, "one datagram"]).exit();
  await udpServer.exit();

  // "localhost" only when /etc/hosts names it, so the lookup never leaves the machine.
  const hosts = existsSync("/etc/hosts") ? readFileSync("/etc/hosts", "utf8") : "";
  const host = /^\s*127\.0\.0\.1\s.*\blocalhost\b/m.test(hosts) ? "localhost" : "127.0.0.1";
  heading(`Addresses and ports: getaddrinfo("${host}"), inet_pton/inet_ntop, port 0, EADDRINUSE, SO_REUSEADDR`);
  await run("addr_explorer", [host, "8080"]).exit();
}

function fail(err) {
  for (const p of running) p.kill();
  console.error(`demo: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}

main().catch(fail);
