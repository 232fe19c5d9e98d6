import { expect, test } from "@playwright/test";
import { clickToNavigate, shot, signedIn } from "./helpers";

const uid = Date.now().toString(36);
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

test("a risk above appetite is assessed and accepted by the manager; a low-confidence KR check-in raises its warning on the register and the heat map", async ({ browser }) => {
  const title = `Agency contract lapses ${uid}`;
  const { ctx: xctx, page: member } = await signedIn(browser, "member@demo.lodestar.app");

  // The member records a Marketing risk…
  await member.goto("/demo/risks");
  await member.getByTestId("new-risk").click();
  const form = member.getByTestId("risk-form");
  await form.getByTestId("risk-title").fill(title);
  await form.getByTestId("risk-category").selectOption("operational");
  await form.getByLabel("Department").selectOption({ label: "Marketing" });
  await form.getByTestId("risk-save").click();
  await member.waitForURL("**/risks/*-*");
  const riskUrl = member.url();

  // …and assesses it: inherent 4 × 4, residual 3 × 4 = 12, above the appetite of 9.
  await member.getByTestId("assess").click();
  const assess = member.getByTestId("assess-form");
  for (const [name, n] of [["inherentLikelihood", 4], ["inherentImpact", 4], ["residualLikelihood", 3], ["residualImpact", 4]] as const) {
    await assess.getByTestId(`${name}-${n}`).check({ force: true });
  }
  await expect(assess.getByTestId("assess-preview-residual")).toContainText("12");
  await assess.getByTestId("assess-save").click();
  await expect(assess).toHaveCount(0);
  await expect(member.getByTestId("risk-appetite")).toBeVisible();

  // Above appetite: the member asks to accept it for two months.
  await member.getByTestId("request-acceptance").click();
  const acceptance = member.getByTestId("acceptance-form");
  await acceptance.getByTestId("acceptance-justification").fill("The agency renewal is signed next quarter; a stand-in costs more than the exposure.");
  await acceptance.getByTestId("acceptance-expires").fill(day(60));
  await acceptance.getByTestId("acceptance-submit").click();
  await expect(member.getByTestId("acceptance-pending")).toBeVisible();
  await shot(member, "risk-01-acceptance-requested");

  // The Marketing manager approves it from the inbox.
  const { ctx: mctx, page: manager } = await signedIn(browser, "manager@demo.lodestar.app");
  await manager.goto("/demo/approvals");
  await clickToNavigate(manager, manager.getByRole("link", { name: title }).first(), "**/approvals/*-*");
  await expect(manager.getByTestId("risk-acceptance-request")).toContainText("3 × 4 = 12");
  await shot(manager, "risk-02-request");
  await manager.getByTestId("approve").click();
  await manager.getByTestId("confirm-decision").click();
  await expect(manager.getByTestId("decision")).toContainText("Mei Manager");

  await member.goto(riskUrl);
  await expect(member.getByTestId("risk-accepted")).toBeVisible();

  // The risk watches the member's key result (margin 30 points behind the ideal line)…
  await member.getByTestId("kri-add").click();
  const kri = member.getByTestId("kri-form");
  await kri.getByTestId("kri-kind-key_result").check({ force: true });
  await kri.getByTestId("kri-target").selectOption({ label: "Marketing-qualified leads" });
  await kri.getByTestId("kri-margin").fill("30");
  await kri.getByTestId("kri-save").click();
  await expect(member.getByTestId("kri-row")).toHaveCount(1);

  const checkIn = async (value: string, confidence: string) => {
    await member.goto("/demo/okrs/mine");
    const kr = member.getByTestId("my-kr-Marketing-qualified leads");
    await kr.getByLabel("New value for Marketing-qualified leads").fill(value);
    await kr.getByLabel("Confidence for Marketing-qualified leads").selectOption(confidence);
    await kr.getByRole("button", { name: /check-in for Marketing-qualified leads/ }).click();
    await expect(member.getByText("Checked in: Marketing-qualified leads").first()).toBeVisible();
  };
  // …an on-track check-in (90% of the target, confidence 8): no warning…
  await checkIn("4500", "8");
  await member.goto(riskUrl);
  await expect(member.getByTestId("kri-row")).toBeVisible();
  await expect(member.getByTestId("risk-warning")).toHaveCount(0);
  // …then one with low confidence (2): the early warning is up.
  await checkIn("4500", "2");

  // The warning shows on the risk, on its row of the register and on its heat-map cell.
  await member.goto(riskUrl);
  await expect(member.getByTestId("risk-warning").first()).toBeVisible();
  await member.goto("/demo/risks");
  const row = member.getByTestId("risk-row").filter({ hasText: title });
  await expect(row.getByTestId("risk-warning")).toBeVisible();
  const cell = member.getByTestId("heat-cell-3-4");
  await expect(cell).toHaveAttribute("data-warnings", /[1-9]/);
  await shot(member, "risk-03-register-warning");

  await Promise.all([xctx.close(), mctx.close()]);
});
