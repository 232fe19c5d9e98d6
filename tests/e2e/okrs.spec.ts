import { expect, test } from "@playwright/test";
import { shot, signedIn } from "./helpers";

const uid = Date.now().toString(36);

test("a manager plans a department objective with two KRs, a member checks in, progress and confidence show everywhere", async ({ browser }) => {
  const title = `Answer customers faster ${uid}`;
  const { ctx: mctx, page: manager } = await signedIn(browser, "manager@demo.lodestar.app");

  // Plan: a Marketing objective aligned to the company objective.
  await manager.goto("/demo/okrs");
  await manager.getByTestId("new-objective").click();
  const dialog = manager.getByRole("dialog");
  await dialog.getByLabel("Objective", { exact: true }).fill(title);
  await expect(dialog.getByLabel("Level")).toHaveValue("department");
  await dialog.getByLabel("Grow recurring revenue with customers who stay").check();
  await dialog.getByRole("button", { name: "Create objective" }).click();
  await manager.waitForURL("**/okrs/o/**");
  const objectiveUrl = manager.url();
  await expect(manager.getByRole("heading", { name: title })).toBeVisible();

  // Two key results, owned by the member. A target equal to the start is refused next to the field.
  await manager.getByTestId("add-key-result").click();
  let kr = manager.getByRole("dialog");
  await kr.getByLabel("Key result", { exact: true }).fill("First-response time");
  await kr.getByLabel("Owner").selectOption({ label: "Max Member" });
  await kr.getByLabel("Direction").selectOption("decrease");
  await kr.getByLabel("Unit").fill("h");
  await kr.getByLabel("Start value").fill("24");
  await kr.getByLabel("Target").fill("24");
  await kr.getByRole("button", { name: "Add key result" }).click();
  await expect(kr.getByText("The target must differ from the start value.")).toBeVisible();
  await kr.getByLabel("Target").fill("4");
  await kr.getByRole("button", { name: "Add key result" }).click();
  await expect(manager.getByRole("dialog")).toHaveCount(0);

  await manager.getByTestId("add-key-result").click();
  kr = manager.getByRole("dialog");
  await kr.getByLabel("Key result", { exact: true }).fill("Help-centre articles published");
  await kr.getByLabel("Owner").selectOption({ label: "Max Member" });
  await kr.getByLabel("Start value").fill("0");
  await kr.getByLabel("Target").fill("20");
  await kr.getByRole("button", { name: "Add key result" }).click();
  await expect(manager.getByTestId("kr-panel")).toHaveCount(2);
  await shot(manager, "okr-01-planned");

  // The member checks in on their KR with a low confidence.
  const { ctx: xctx, page: member } = await signedIn(browser, "member@demo.lodestar.app");
  await member.goto(objectiveUrl);
  const panel = member.getByTestId("kr-panel").filter({ hasText: "First-response time" });
  await panel.getByTestId("check-in-toggle").click();
  await panel.getByLabel("New value for First-response time").fill("14");
  await panel.getByLabel("Confidence for First-response time").selectOption("3");
  await panel.getByRole("button", { name: "Save check-in" }).click();
  await expect(member.getByText("Check-in saved")).toBeVisible();
  await expect(panel.getByRole("progressbar", { name: "Progress of First-response time" })).toHaveAttribute("aria-valuenow", "50");
  await expect(panel.getByText("Off track · 3/10")).toBeVisible();
  // The member cannot add key results to the manager's objective.
  await expect(member.getByTestId("add-key-result")).toHaveCount(0);

  // The list shows the new progress (50 % and 0 % → 25 %) and the lowest confidence.
  await manager.goto("/demo/okrs");
  await manager.getByLabel("Filter by department").selectOption({ label: "Marketing" });
  await manager.waitForURL(/dept=/);
  const card = manager.getByTestId("objective-card").filter({ hasText: title });
  await expect(card.getByRole("progressbar", { name: `Progress of ${title}` })).toHaveAttribute("aria-valuenow", "25");
  await expect(card.getByText("Off track · 3/10")).toBeVisible();
  await shot(manager, "okr-02-list");

  // The alignment tree shows it under the company objective with the same progress.
  await manager.goto("/demo/okrs/tree");
  const node = manager.getByRole("progressbar", { name: new RegExp(title) }).first();
  await expect(node).toHaveAttribute("aria-valuenow", "25");
  await shot(manager, "okr-03-tree");

  // 中文: the same list reads in Chinese.
  await manager.goto("/demo/okrs");
  await manager.getByTestId("locale-switcher").selectOption("zh-CN");
  await expect(manager.getByRole("button", { name: "新建目标" })).toBeVisible();
  await expect(manager.getByRole("link", { name: "我的关键结果" })).toBeVisible();
  await expect(manager.getByTestId("objective-card").filter({ hasText: title }).getByText("偏离轨道 · 3/10")).toBeVisible();
  await shot(manager, "okr-04-zh");
  await manager.getByTestId("locale-switcher").selectOption("en");

  await mctx.close();
  await xctx.close();
});
