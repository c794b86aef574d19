// Shared by the browser scenarios (tests/browser/webchat.mjs): Debian's Chromium driven by
// playwright-core, every request recorded, axe-core injected from node_modules (no network).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const AXE_VERSION = require("axe-core/package.json").version;
// the WCAG 2.1 A and AA rules
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
export const EXIT_HOST = "www.weeronline.nl";  // where "Snel weg" goes (web/chat.js)

export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
export const DESKTOP = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-domain-reliability", "--disable-client-side-phishing-detection"],
  });
}

// A context that records every request (and websocket) the page makes. Nothing leaves the
// machine: a request to another host is answered here (the "Snel weg" site with an empty
// page, anything else with an error) and recorded, so the test can fail on it.
export async function recordingContext(browser, options, pageUrl) {
  const context = await browser.newContext({ ...options, locale: "nl-NL", serviceWorkers: "block" });
  const own = new URL(pageUrl).hostname;
  const record = { requests: [], sockets: [], failed: [], sentFrames: [] };
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === own) return route.continue();
    if (url.hostname === EXIT_HOST) {
      return route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Weer</title><p>Weer" });
    }
    return route.abort();
  });
  context.on("request", (request) => record.requests.push(request.url()));
  context.on("response", (response) => {
    if (response.status() >= 400) record.failed.push(`${response.status()} ${response.url()}`);
  });
  context.on("requestfailed", (request) => record.failed.push(`${request.failure()?.errorText} ${request.url()}`));
  context.on("page", (page) => watchSockets(page, record));
  return { context, record, own };
}

function watchSockets(page, record) {
  page.on("websocket", (socket) => {
    record.sockets.push(socket.url());
    socket.on("framesent", (frame) => record.sentFrames.push({ at: Date.now(), payload: String(frame.payload) }));
  });
}

// Hosts other than the page's own among everything recorded (before leaving with "Snel weg").
export function foreignHosts(record, own) {
  const hosts = new Set();
  for (const url of [...record.requests, ...record.sockets]) {
    if (url.startsWith("data:") || url.startsWith("blob:") || url === "about:blank") continue;
    const host = new URL(url).hostname;
    if (host !== own) hosts.add(host);
  }
  return [...hosts];
}

export async function axe(page, state) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    AXE_TAGS,
  );
  return result.violations.map((v) => ({
    state, id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
  }));
}

// Waits until the bot has said something containing `text` since the user's last message, and
// then stopped talking (no typing dots, nothing new for `quiet` ms).
export async function waitForBot(page, text, quiet = 1200) {
  await page.waitForFunction((needle) => {
    const all = [...document.querySelectorAll("#log .msg")];
    let start = 0;
    all.forEach((m, i) => { if (m.classList.contains("user")) start = i + 1; });
    return all.slice(start).some((m) => m.classList.contains("bot") && m.textContent.includes(needle));
  }, text, { timeout: 60000 });
  let count = -1;
  for (let i = 0; i < 60; i += 1) {
    const now = await page.locator(".log > *").count();
    const typing = await page.locator("#typing").isVisible();
    if (now === count && !typing) return;
    count = now;
    await page.waitForTimeout(quiet);
  }
  throw new Error(`the bot kept talking after "${text}"`);
}

// The bubble with `text`, its quick replies (the group right after it) and whether they show.
export async function repliesOf(page, text) {
  return page.evaluate((needle) => {
    const bubbles = [...document.querySelectorAll(".msg.bot")].filter((b) => b.textContent.includes(needle));
    const bubble = bubbles[bubbles.length - 1];
    if (!bubble) return null;
    const group = bubble.nextElementSibling && bubble.nextElementSibling.classList.contains("replies")
      ? bubble.nextElementSibling : null;
    const buttons = group ? [...group.querySelectorAll("button")] : [];
    const later = [];
    for (let next = (group || bubble).nextElementSibling; next; next = next.nextElementSibling) {
      if (next.classList.contains("msg")) later.push(next.textContent.trim().slice(0, 80));
    }
    return {
      titles: buttons.map((b) => b.textContent.trim()),
      visible: buttons.length > 0 && buttons.every((b) => {
        const box = b.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && getComputedStyle(b).visibility === "visible";
      }),
      tags: buttons.map((b) => b.tagName),
      bubblesAfter: later,
    };
  }, text);
}

// Where the first line of the bubble with `text` is, relative to the visible part of the log.
export async function startInView(page, text) {
  return page.evaluate((needle) => {
    const log = document.getElementById("log");
    const bubble = [...document.querySelectorAll(".msg.bot")].find((b) => b.textContent.includes(needle));
    if (!bubble) return false;
    const view = log.getBoundingClientRect();
    const box = bubble.getBoundingClientRect();
    return box.top >= view.top - 1 && box.top + 24 <= view.bottom;
  }, text);
}

// Controls a finger has to hit that are smaller than 44x44 CSS pixels.
export async function smallTargets(page) {
  return page.evaluate(() => [...document.querySelectorAll("button, a.call, textarea")]
    .filter((e) => e.offsetParent !== null)
    .map((e) => ({ name: (e.getAttribute("aria-label") || e.textContent).trim().slice(0, 40), box: e.getBoundingClientRect() }))
    .filter((e) => e.box.width < 44 || e.box.height < 44)
    .map((e) => `${e.name} ${Math.round(e.box.width)}x${Math.round(e.box.height)}`));
}
