// Opens Agora's GraphiQL in a real browser with every other host unreachable, the way it must
// work offline or behind a proxy, and checks that it is usable: the page loads under its
// Content-Security-Policy, the example tabs are there, the first example runs and shows data,
// a dialog opens, and a websocket to the subscriptions endpoint is allowed. Fails on any CSP violation, script
// error, failed same-host request, or attempt to reach another host.
//
//   npm ci && node graphiql_offline.mjs http://127.0.0.1:8080
//
// Drives Debian's Chromium (CHROMIUM=/path/to/chromium to use another) with playwright-core,
// which downloads no browser. Prints one summary line; exit status 0 when usable, 1 when not,
// 2 on wrong usage.

import { chromium } from "playwright-core";

const TIME_LIMIT_MS = 30_000;
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);

let base;
try {
  base = new URL(process.argv[2] ?? "");
} catch {
  console.error("usage: node graphiql_offline.mjs BASE_URL   (e.g. http://127.0.0.1:8080)");
  process.exit(2);
}

/** Every way the page fell short; the run fails when this is not empty. */
const problems = [];
/** Requests to any host but the server's, which were aborted. */
const foreignRequests = [];
const violations = [];
let browser;

const isServer = (url) => url.protocol.replace(/^ws/, "http") === base.protocol && url.host === base.host;

async function check() {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext({ serviceWorkers: "block" });
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (isServer(url)) return route.continue();
    foreignRequests.push(url.href);
    return route.abort("blockedbyclient");
  });
  await context.routeWebSocket(
    (url) => !isServer(url),
    (socket) => {
      foreignRequests.push(socket.url());
      return socket.close();
    },
  );
  // Reported from the page itself: the browser's own word that the policy blocked something.
  await context.exposeFunction("agoraReportViolation", (violation) => violations.push(violation));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      window.agoraReportViolation(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`);
    });
  });

  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`script error: ${error.message}`));
  page.on("requestfailed", (request) => {
    if (isServer(new URL(request.url()))) {
      problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
    }
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });

  const answer = await page.goto(new URL("/graphiql", base).href, { waitUntil: "load", timeout: 10_000 });
  if (answer?.status() !== 200) throw new Error(`/graphiql answered HTTP ${answer?.status()}`);

  // The editor, with the example tabs the server configured, the first one open.
  await page.waitForSelector(".graphiql-query-editor .CodeMirror", { timeout: 10_000 });
  const tabs = await page.evaluate(
    () => JSON.parse(document.getElementById("agora-graphiql-config").textContent).tabs,
  );
  const shownTabs = await page.locator(".graphiql-tab").count();
  if (shownTabs !== tabs.length) problems.push(`${shownTabs} tabs shown, ${tabs.length} configured`);
  const firstOperation = tabs[0].query.split("\n").find((line) => !line.startsWith("#"));
  const editorText = await page.locator(".graphiql-query-editor .CodeMirror").innerText();
  if (!editorText.includes(firstOperation)) problems.push(`the first tab does not show "${firstOperation}"`);

  // Run it, and wait for the answer both on the wire and in the response pane.
  const executed = page.waitForResponse(
    (response) => new URL(response.url()).pathname === "/graphql" && response.request().method() === "POST",
    { timeout: 10_000 },
  );
  await page.locator(".graphiql-execute-button").click();
  const body = await (await executed).json();
  if (!body.data || body.errors) problems.push(`the first example answered ${JSON.stringify(body).slice(0, 300)}`);
  await page.waitForFunction(
    () => document.querySelector(".graphiql-response")?.textContent.includes('"data"'),
    undefined,
    { timeout: 10_000 },
  );

  // A dialog: GraphiQL's scroll lock inserts a <style> element, which the policy admits only
  // with the page's nonce.
  await page.getByLabel("Open settings dialog").click();
  await page.waitForSelector('[role="dialog"]', { timeout: 5_000 });
  await page.keyboard.press("Escape");

  // Subscriptions: the policy must let the page open a websocket to its own host.
  const socket = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const scheme = location.protocol === "https:" ? "wss:" : "ws:";
        const ws = new WebSocket(`${scheme}//${location.host}/graphql/ws`, "graphql-transport-ws");
        ws.onopen = () => {
          ws.close();
          resolve("open");
        };
        ws.onerror = () => resolve("error");
        setTimeout(() => resolve("timeout"), 5_000);
      }),
  );
  if (socket !== "open") problems.push(`a websocket to /graphql/ws did not open (${socket})`);
  // Violation events arrive asynchronously: give the last ones a moment.
  await page.waitForTimeout(250);
  return { tabs: tabs.length };
}

let outcome;
try {
  outcome = await Promise.race([
    check(),
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`not done within ${TIME_LIMIT_MS / 1000} s`)), TIME_LIMIT_MS).unref(),
    ),
  ]);
} catch (error) {
  problems.push(error.message.split("\n")[0]);
} finally {
  await browser?.close().catch(() => {});
}

problems.push(...violations.map((violation) => `CSP violation: ${violation}`));
problems.push(...foreignRequests.map((url) => `request to another host: ${url}`));
if (problems.length === 0) {
  console.log(
    `graphiql-offline: ok in ${seconds()} s: ${base.origin}/graphiql loaded, ${outcome.tabs} example tabs, ` +
      "first example showed data, dialog opened, websocket allowed, no CSP violation, no other host",
  );
  process.exit(0);
}
console.log(`graphiql-offline: FAILED in ${seconds()} s: ${problems.join("; ")}`);
process.exit(1);
