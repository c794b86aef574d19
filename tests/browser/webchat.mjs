// Drives the chat page in headless Chromium (Debian's /usr/bin/chromium) with playwright-core.
// Usage: node tests/browser/webchat.mjs PAGE_URL SCREENSHOT_PATH
// Prints one JSON line with what it saw; exits non-zero on any failed expectation.
import { chromium } from "playwright-core";

const [pageUrl, screenshot] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const seen = {};

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await chromium.launch({ executablePath, args });
try {
  // a phone-width screen
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const consoleLines = [];
  page.on("console", (message) => consoleLines.push(message.text()));
  // the page talks socket.io over a websocket only (no long-polling, see service/webpage.py)
  seen.pollingRequests = 0;
  page.on("request", (request) => { if (request.url().includes("transport=polling")) seen.pollingRequests += 1; });
  await page.goto(pageUrl);
  seen.crisisVisible = await page.locator("#crisis").isVisible();
  seen.crisisText = await page.locator("#crisis").innerText();
  const input = page.locator(".rw-new-message");
  await input.waitFor({ timeout: 60000 });
  seen.placeholder = await input.getAttribute("placeholder");
  // the welcome from initPayload "/greet"
  const welcome = page.locator(".rw-response", { hasText: "geen therapeut" }).first();
  await welcome.waitFor({ timeout: 60000 });
  seen.welcome = await welcome.innerText();

  const before = await page.locator(".rw-response").count();
  await input.fill("mijn vriend wil nooit over zijn gevoelens praten");
  await input.press("Enter");
  await page.locator(".rw-response").nth(before).waitFor({ timeout: 60000 });
  const firstBubble = Date.now();
  await page.getByText("Bron: Mijn partner wil niet over gevoelens praten").first().waitFor({ timeout: 60000 });
  // the widget's own typing pause made a three-part answer take ~7 s; now it comes at once
  seen.answerSpreadMs = Date.now() - firstBubble;
  seen.answer = (await page.locator(".rw-response").allInnerTexts()).join("\n");

  // quick-reply button of the last answer
  const button = page.locator(".rw-reply", { hasText: "Wat kan ik doen?" }).last();
  await button.waitFor({ timeout: 30000 });
  await button.click();
  await page.getByText("Wat je deze week kunt doen:").first().waitFor({ timeout: 60000 });

  // user text is shown as text, never run as HTML
  await input.fill("<b>vet</b><script>window.hacked=1</script>");
  await input.press("Enter");
  await page.locator(".rw-client", { hasText: "<b>vet</b>" }).first().waitFor({ timeout: 30000 });
  seen.htmlShownAsText = true;
  seen.scriptRan = await page.evaluate(() => window.hacked === 1);
  seen.boldElements = await page.locator(".rw-client b").count();
  await page.waitForTimeout(3000); // let the bot answer the HTML message before reloading

  await page.reload();
  await page.locator(".rw-client", { hasText: "mijn vriend wil nooit" }).first().waitFor({ timeout: 60000 });
  await page.getByText("Wat je deze week kunt doen:").first().waitFor({ timeout: 60000 });
  seen.historyAfterReload = (await page.locator(".rw-messages-container").innerText());
  await page.screenshot({ path: screenshot });  // what a phone user sees
  // the crisis numbers stay on screen and are not covered by the chat
  seen.crisisOnScreen = await page.evaluate(() => {
    const box = document.querySelector("#crisis").getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return box.top >= 0 && box.bottom <= window.innerHeight && !!hit && !!hit.closest("#crisis");
  });
  seen.pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  seen.storage = await page.evaluate(() => ({ session: sessionStorage.getItem("chat_session") !== null,
                                              local: localStorage.getItem("chat_session") !== null }));
  seen.quickExit = await page.locator("#quick-exit").isVisible();

  // "Wis mijn gesprek": the bot asks first; after yes the history is gone, here and on the server
  await page.locator("#forget").click();
  await page.getByText("Wil je dat ik dit hele gesprek wis?").first().waitFor({ timeout: 60000 });
  await Promise.all([
    page.waitForEvent("load", { timeout: 60000 }),
    page.locator(".rw-reply", { hasText: "Ja, wis alles" }).last().click(),
  ]);
  await page.locator(".rw-new-message").waitFor({ timeout: 60000 });
  await page.locator(".rw-response", { hasText: "geen therapeut" }).first().waitFor({ timeout: 60000 });
  seen.afterForget = await page.locator(".rw-messages-container").innerText();
  seen.consoleLeaks = consoleLines.filter((line) => /session_id|session_confirm|connect:/.test(line));

  expect(seen.crisisVisible && seen.crisisText.includes("113"), "crisis numbers not visible");
  expect(seen.crisisOnScreen, "crisis numbers scrolled away or covered by the chat");
  expect(seen.placeholder === "Typ je bericht…", `placeholder is ${seen.placeholder}`);
  expect(seen.welcome.includes("chatbot"), `no welcome: ${seen.welcome}`);
  expect(!seen.scriptRan && seen.boldElements === 0, "user HTML was rendered");
  expect(seen.historyAfterReload.includes("mijn vriend wil nooit"), "user message missing after reload");
  expect(seen.historyAfterReload.includes("Bron: Mijn partner wil niet over gevoelens praten"),
    "bot answer missing after reload");
  expect(seen.pageWidth <= 390, `page wider than the phone: ${seen.pageWidth}`);
  expect(seen.answerSpreadMs < 1500, `answer parts took ${seen.answerSpreadMs} ms to appear`);
  expect(seen.storage.session && !seen.storage.local, `history not per tab: ${JSON.stringify(seen.storage)}`);
  expect(seen.quickExit, "no quick exit button");
  expect(!seen.afterForget.includes("mijn vriend wil nooit"), "history still shown after forgetting");
  expect(seen.consoleLeaks.length === 0, `session id in the console: ${seen.consoleLeaks}`);
  console.log(JSON.stringify(seen));
} finally {
  await browser.close();
}
