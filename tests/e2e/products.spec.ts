import { expect, test } from "@playwright/test";
import { clickToNavigate, shot, signedIn } from "./helpers";

const uid = Date.now().toString(36);

test("a product is dragged to the next stage, its checklist completed, the manager approves the gate in the inbox, the board shows it moved with history", async ({ browser }) => {
  const name = `Field Service App ${uid}`;
  const { ctx: xctx, page: member } = await signedIn(browser, "member@demo.lodestar.app");

  // The member adds a Marketing product: it starts in Ideation with that stage's checklist.
  await member.goto("/demo/products");
  await member.getByTestId("new-product").click();
  const form = member.getByRole("dialog");
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Department").selectOption({ label: "Marketing" });
  await form.getByTestId("product-save").click();
  await member.waitForURL("**/products/*-*");
  const productUrl = member.url();
  await expect(member.getByTestId("product-stage")).toHaveText("Ideation");

  // Dragging the card to Discovery with the checklist open: the gate dialog says so and offers no request.
  await member.goto("/demo/products");
  const card = member.getByTestId("product-card").filter({ hasText: name });
  const drag = async () => {
    const from = (await card.boundingBox())!;
    const to = (await member.getByTestId("stage-column-1").boundingBox())!;
    await member.mouse.move(from.x + 30, from.y + 50);
    await member.mouse.down();
    await member.mouse.move(from.x + 50, from.y + 60, { steps: 4 });
    await member.mouse.move(to.x + to.width / 2, to.y + 80, { steps: 12 });
    await member.mouse.up();
  };
  await drag();
  const gate = member.getByTestId("gate-form");
  await expect(gate).toBeVisible();
  await expect(gate.getByText("The checklist is not complete.")).toBeVisible();
  await expect(gate.getByTestId("gate-submit")).toBeDisabled();
  await shot(member, "product-01-gate-incomplete");
  await member.keyboard.press("Escape");

  // Complete the checklist on the product page…
  await member.goto(productUrl);
  await member.getByTestId("checklist-item").first().click();
  await expect(member.getByTestId("checklist-item").first()).toBeChecked();
  await expect(member.getByText(/Ticked by Max Member/)).toBeVisible();

  // …then drag again and request the gate. Nothing moves before the approval.
  await member.goto("/demo/products");
  await drag();
  await expect(gate).toBeVisible();
  await gate.getByLabel("Comment for the approver").fill("Interviews are written up.");
  await gate.getByTestId("gate-submit").click();
  await expect(gate).toHaveCount(0);
  await expect(card.getByText("Awaiting approval")).toBeVisible();
  await expect(member.getByTestId("stage-column-0").getByText(name)).toBeVisible();
  await shot(member, "product-02-pending");

  // The manager approves it from the inbox.
  const { ctx: mctx, page: manager } = await signedIn(browser, "manager@demo.lodestar.app");
  await manager.goto("/demo/approvals");
  await clickToNavigate(manager, manager.getByRole("link", { name }).first(), "**/approvals/*-*");
  await expect(manager.getByTestId("stage-gate-request")).toContainText("Discovery");
  await expect(manager.getByText("Interviews are written up.")).toBeVisible();
  await shot(manager, "product-03-request");
  await manager.getByTestId("approve").click();
  await manager.getByTestId("confirm-decision").click();
  await expect(manager.getByTestId("decision")).toContainText("Mei Manager");

  // The board shows the product in Discovery, and its history shows the approved gate.
  await member.goto("/demo/products");
  await expect(member.getByTestId("stage-column-1").getByText(name)).toBeVisible();
  await shot(member, "product-04-moved");
  await member.goto(productUrl);
  await expect(member.getByTestId("product-stage")).toHaveText("Discovery");
  const history = member.getByTestId("stage-history");
  await expect(history).toContainText("Gate approved");
  await expect(history).toContainText("Started here");
  await expect(member.getByTestId("checklist")).toContainText("Market research done");

  // A viewer reads the board and the product but cannot create, drag or change anything.
  const { ctx: vctx, page: viewer } = await signedIn(browser, "viewer@demo.lodestar.app");
  await viewer.goto("/demo/products");
  await expect(viewer.getByText(name)).toBeVisible();
  await expect(viewer.getByTestId("new-product")).toHaveCount(0);
  await expect(viewer.getByTestId("product-card").filter({ hasText: name })).not.toHaveAttribute("aria-roledescription", /.+/);
  await viewer.goto(productUrl);
  await expect(viewer.getByTestId("request-gate")).toHaveCount(0);
  await expect(viewer.getByTestId("checklist-item").first()).toBeDisabled();

  await Promise.all([xctx.close(), mctx.close(), vctx.close()]);
});
