import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { AnswerInput, PublicAnswerShape } from '../../../server/grading/types.ts';

/** The public answer shape of a task, as GET /api/labs/:labId gives it to the browser: the server's one declaration. */
export type PublicShape = PublicAnswerShape;

export type AnswerValue = AnswerInput;

/** What one press of "Submit answer" sent and what came back. */
export interface Sent {
  body: { answer: AnswerValue };
  status: number;
  response: { submission?: { submissionId: number; verdict: string; status: string; pointsEarned: number } };
}

/**
 * Drives the answer field of one task through its real controls and reads back what the controls
 * show, so the test can compare the screen with the request body.
 */
export class TaskDriver {
  constructor(
    readonly page: Page,
    readonly labId: string,
    readonly taskId: string,
    /** The task's <article>, found by its heading "N. Title". */
    readonly article: Locator,
  ) {}

  /** The answer field's own element (input, textarea, fieldset, table or sequence group). */
  get field(): Locator {
    return this.article.locator(`[id="answer-${this.taskId}"]`);
  }

  get verdict(): Locator {
    return this.article.getByTestId('task-verdict');
  }

  get badge(): Locator {
    return this.article.locator('.status-badge');
  }

  /** Waits until the task is open for an answer (its prerequisites settled and the page refreshed). */
  async waitUntilOpen(): Promise<void> {
    await this.article.getByRole('button', { name: 'Submit answer' }).waitFor({ timeout: 30_000 });
  }

  /**
   * Presses "Submit answer" and returns the request body and the server's answer, once the page has
   * also fetched the lab again (as it does after every answer), so what the screen shows is final.
   */
  async submit(): Promise<Sent> {
    const path = `/api/labs/${this.labId}/tasks/${this.taskId}/submissions`;
    const labPath = `/api/labs/${this.labId}`;
    const matches = (url: string, expected: string) => new URL(url).pathname === expected;
    const request = this.page.waitForRequest(
      (candidate) => candidate.method() === 'POST' && matches(candidate.url(), path),
    );
    const response = this.page.waitForResponse(
      (candidate) => candidate.request().method() === 'POST' && matches(candidate.url(), path),
    );
    const refetched = this.page.waitForResponse(
      (candidate) => candidate.request().method() === 'GET' && matches(candidate.url(), labPath),
      { timeout: 30_000 },
    );
    await this.article.getByRole('button', { name: 'Submit answer' }).click();
    const [sentRequest, received] = await Promise.all([request, response, refetched]);
    return {
      body: sentRequest.postDataJSON() as Sent['body'],
      status: received.status(),
      response: (await received.json()) as Sent['response'],
    };
  }

  /** Types a value of the wrong shape and presses "Submit answer": an alert says what is wrong and nothing is sent. */
  async expectRefusedBeforeSending(value: string): Promise<string> {
    const path = `/api/labs/${this.labId}/tasks/${this.taskId}/submissions`;
    const sent: string[] = [];
    const listener = (request: { method(): string; url(): string }) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === path) sent.push(request.url());
    };
    this.page.on('request', listener);
    try {
      await this.fillText(value);
      await this.article.getByRole('button', { name: 'Submit answer' }).click();
      const alert = this.article.getByRole('alert');
      await alert.waitFor();
      const message = await alert.innerText();
      expect(sent, 'an answer of the wrong shape is not sent').toEqual([]);
      return message;
    } finally {
      this.page.off('request', listener);
    }
  }

  /** Waits for the verdict line to start with one of the given words ("Correct.", "Not correct." ...). */
  async expectVerdict(pattern: RegExp): Promise<string> {
    await expect.poll(() => this.verdict.innerText(), { timeout: 15_000 }).toMatch(pattern);
    return this.verdict.innerText();
  }

  // ---- text-like kinds (text, regex, number, ip, hash, timestamp) ----

  async fillText(value: string): Promise<void> {
    await this.article.getByLabel('Your answer', { exact: true }).fill(value);
  }

  async textOnScreen(): Promise<string> {
    return this.article.getByLabel('Your answer', { exact: true }).inputValue();
  }

  // ---- written findings ----

  async fillFinding(text: string): Promise<void> {
    await this.article.getByLabel('Your answer', { exact: true }).fill(text);
  }

  // ---- choice ----

  /** Ticks exactly the given option ids (radio: the one id). */
  async choose(shape: Extract<PublicShape, { kind: 'choice' }>, ids: readonly string[]): Promise<void> {
    for (const option of shape.options) {
      const control = this.field.getByLabel(option.label, { exact: true });
      if (ids.includes(option.id)) await control.check();
      else if (shape.multiple) await control.uncheck();
    }
  }

  /** The ticked options as the answer they stand for: the id (single) or the ids in the options' order (multiple). */
  async choiceOnScreen(shape: Extract<PublicShape, { kind: 'choice' }>): Promise<AnswerValue | undefined> {
    const ticked = await this.field
      .locator('input:checked')
      .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    return shape.multiple ? ticked : ticked[0];
  }

  // ---- mapping ----

  /** Chooses a label for each item in its select (found by the item's label). */
  async map(shape: Extract<PublicShape, { kind: 'mapping' }>, pairs: Record<string, string>): Promise<void> {
    for (const item of shape.items) {
      const labelId = pairs[item.id];
      if (labelId !== undefined) await this.field.getByLabel(item.label, { exact: true }).selectOption(labelId);
    }
  }

  /** Item id -> label id, for every select that shows a label. */
  async mappingOnScreen(shape: Extract<PublicShape, { kind: 'mapping' }>): Promise<Record<string, string>> {
    const shown: Record<string, string> = {};
    for (const item of shape.items) {
      const value = await this.field.getByLabel(item.label, { exact: true }).inputValue();
      if (value) shown[item.id] = value;
    }
    return shown;
  }

  // ---- sequence ----

  /** The step ids in the "Order of events" list, top to bottom. */
  async orderOnScreen(): Promise<string[]> {
    return this.field
      .locator('ol li[data-step]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-step')!));
  }

  /** The step ids in the "Not shown by the evidence" list. */
  async leftOutOnScreen(): Promise<string[]> {
    return this.field
      .locator('ul li[data-step]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-step')!));
  }

  /** The step that has keyboard focus (focus follows a moved step). */
  private focusedStep(): Promise<string | null> {
    return this.page.evaluate(() => document.activeElement?.closest('[data-step]')?.getAttribute('data-step') ?? null);
  }

  /** Whether keyboard focus is on the given control of the given step. */
  private focusIsOn(id: string, control: string): Promise<boolean> {
    return this.page.evaluate(
      ([step, wanted]) => {
        const active = document.activeElement as HTMLElement | null;
        return active?.dataset.control === wanted && active.closest('[data-step]')?.getAttribute('data-step') === step;
      },
      [id, control] as const,
    );
  }

  /**
   * Arranges the steps with the keyboard path (Enter on the buttons): every step not in `target` is
   * left out, every step in it is put back, then each is moved up to its place. Checks after every
   * move that focus followed the moved step.
   */
  async arrangeWithButtons(
    shape: Extract<PublicShape, { kind: 'sequence' }>,
    target: readonly string[],
  ): Promise<void> {
    const label = (id: string) => shape.options.find((option) => option.id === id)!.label;
    for (const id of await this.orderOnScreen()) {
      if (target.includes(id)) continue;
      await this.field
        .getByRole('button', { name: `Leave out ${label(id)}: not shown by the evidence`, exact: true })
        .press('Enter');
      await expect.poll(() => this.focusedStep()).toBe(id);
    }
    for (const id of await this.leftOutOnScreen()) {
      if (!target.includes(id)) continue;
      await this.field
        .getByRole('button', { name: `Put ${label(id)} back at the end of the order`, exact: true })
        .press('Enter');
      await expect.poll(() => this.focusedStep()).toBe(id);
    }
    for (const [position, id] of target.entries()) {
      // The first press on the step's "Move up" button; then Enter again on whatever has focus,
      // which must still be that step's "Move up" button.
      let pressed = false;
      for (let at = (await this.orderOnScreen()).indexOf(id); at > position; at--) {
        if (pressed) await this.page.keyboard.press('Enter');
        else await this.field.getByRole('button', { name: `Move ${label(id)} up`, exact: true }).press('Enter');
        pressed = true;
        await expect.poll(async () => (await this.orderOnScreen()).indexOf(id)).toBe(at - 1);
        if (at - 1 > position) await expect.poll(() => this.focusIsOn(id, 'up')).toBe(true);
        else await expect.poll(() => this.focusedStep()).toBe(id);
      }
    }
    expect(await this.orderOnScreen()).toEqual(target);
  }

  /**
   * Drags one element onto another (HTML5 drag and drop, as page.dragAndDrop does it). Both are
   * brought into view first: dragTo scrolls the target into view after pressing on the source, and
   * in a scrolling pane the drag would then start on whatever element moved under the pointer.
   */
  private async drag(source: Locator, target: Locator): Promise<void> {
    await this.field.scrollIntoViewIfNeeded();
    await target.scrollIntoViewIfNeeded();
    await source.scrollIntoViewIfNeeded();
    await source.dragTo(target, { targetPosition: { x: 20, y: 8 } });
  }

  /** Drags a step from the order onto the "Not shown by the evidence" list. */
  async dragToLeftOut(id: string): Promise<void> {
    await this.drag(this.field.locator(`ol li[data-step="${id}"]`), this.field.locator('ul.left-out'));
  }

  /** Drags a step onto another step of the order: it takes that step's place. */
  async dragOnto(id: string, onto: string): Promise<void> {
    await this.drag(this.field.locator(`ol li[data-step="${id}"]`), this.field.locator(`ol li[data-step="${onto}"]`));
  }

  // ---- list (set) ----

  private get listInput(): Locator {
    return this.article.getByLabel('Your answer', { exact: true });
  }

  async chipsOnScreen(): Promise<string[]> {
    return this.article.locator('.chip-list .chip > span').allInnerTexts();
  }

  /** Types an item and presses Enter: it becomes a chip. */
  async addWithEnter(item: string): Promise<void> {
    await this.listInput.fill(item);
    await this.listInput.press('Enter');
  }

  /** Leaves text in the list input without adding it. */
  async typeInList(text: string): Promise<void> {
    await this.listInput.fill(text);
  }

  /** Presses "Add": the input's text becomes chips. */
  async pressAdd(): Promise<void> {
    await this.article.getByRole('button', { name: 'Add', exact: true }).click();
  }

  /** Pastes text into the list input as a user would (a paste event carrying the clipboard's text). */
  async pasteIntoList(text: string): Promise<void> {
    await this.listInput.focus();
    await this.listInput.evaluate((input, pasted) => {
      const data = new DataTransfer();
      data.setData('text/plain', pasted);
      input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
  }

  /** What the list answer is on screen: the chips, then the items still typed in the input. */
  async listOnScreen(): Promise<string[]> {
    const chips = await this.chipsOnScreen();
    const typed = await this.listInput.inputValue();
    const parts = typed.includes('\n') ? typed.split(/[\r\n;]+/u) : typed.split(/[,;]+/u);
    const items = [...chips];
    for (const part of parts.map((item) => item.trim()).filter(Boolean)) if (!items.includes(part)) items.push(part);
    return items;
  }

  async removeChip(item: string): Promise<void> {
    await this.article.getByRole('button', { name: `Remove ${item}`, exact: true }).click();
  }

  /** Whether the field's controls can still be changed (none disabled). */
  async controlsEditable(): Promise<boolean> {
    const controls = this.article.locator(
      'input, select, textarea, button[data-control]:not([data-control="up"]):not([data-control="down"])',
    );
    const disabled = await controls.evaluateAll(
      (elements) =>
        elements.filter(
          (element) => (element as HTMLInputElement).disabled || element.closest('fieldset:disabled') !== null,
        ).length,
    );
    return (await controls.count()) > 0 && disabled === 0;
  }
}
