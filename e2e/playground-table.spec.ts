// User flows: train a regression model (car fuel economy) or a classifier (penguins) on its table, then fill in
// one row in the Playground's form: one field per column with its training range, the predicted number in the
// target's units, or the class probabilities. No request leaves the origin.
import { expect, test, type Page } from '@playwright/test';
import { guard, offlineReady } from './origin-guard.ts';

/** Trains a preset briefly: a few epochs at a high learning rate are enough for these small tables. */
async function train(page: Page, preset: string, epochs: string, lr: string) {
  await page.getByTestId(`preset-${preset}`).click();
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByLabel('Epochs').fill(epochs);
  await page.getByLabel('Learning rate').fill(lr);
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 120_000 });
}

// One flow per table, each within about a minute on the software adapter (together they took 1.9 min at load 12).
test('a car typed into the form is predicted in miles per gallon, within its training ranges', async ({
  page,
}, testInfo) => {
  const g = guard(page);
  await page.goto('/');
  await offlineReady(page);

  await train(page, 'cars-mpg', '8', '0.05');
  await page.getByRole('tab', { name: 'Playground' }).click();
  const form = page.getByTestId('row-form');
  await expect(form.getByRole('spinbutton')).toHaveCount(6, { timeout: 30_000 });
  await expect(form).toContainText(/Weight_in_lbs/);
  await expect(form).toContainText(/\d+ to \d+ in training/);
  const value = page.getByTestId('predicted-value');
  await expect(value).toHaveText(/^-?\d/, { timeout: 30_000 });
  // Fuel economy in miles per gallon: a typical car lies well inside 5–60.
  const typical = Number(await value.textContent());
  expect(typical).toBeGreaterThan(5);
  expect(typical).toBeLessThan(60);
  // A heavy eight-cylinder car uses more fuel: fewer miles per gallon.
  await form.getByLabel('Cylinders').fill('8');
  await form.getByLabel('Weight_in_lbs').fill('4800');
  await form.getByLabel('Horsepower').fill('220');
  await form.getByLabel('Displacement').fill('440');
  await expect.poll(async () => Number(await value.textContent()), { timeout: 30_000 }).toBeLessThan(typical);
  await page.screenshot({ path: testInfo.outputPath('playground-cars.png'), fullPage: true });
  // An empty field gets a sentence naming it.
  await form.getByLabel('Cylinders').fill('');
  await expect(page.getByTestId('input-error')).toHaveText(/Cylinders: fill in a number/, { timeout: 30_000 });
  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});

test('a penguin typed into the form is given its class probabilities', async ({ page }, testInfo) => {
  const g = guard(page);
  await page.goto('/');
  await offlineReady(page);

  await train(page, 'penguins', '8', '0.05');
  await page.getByRole('tab', { name: 'Playground' }).click();
  const form = page.getByTestId('row-form');
  await expect(form.getByRole('spinbutton')).toHaveCount(4, { timeout: 30_000 });
  await expect(page.getByTestId('prediction')).toHaveText(/The model says: (Adelie|Chinstrap|Gentoo)/, {
    timeout: 30_000,
  });
  await expect(page.getByRole('list', { name: 'Probability of each class' }).locator('li')).toHaveCount(3);
  // A long flipper and a heavy body: a Gentoo.
  await form.getByLabel('Flipper Length (mm)').fill('225');
  await form.getByLabel('Body Mass (g)').fill('5600');
  await form.getByLabel('Beak Depth (mm)').fill('14.5');
  await form.getByLabel('Beak Length (mm)').fill('48');
  await expect(page.getByTestId('prediction')).toHaveText(/The model says: Gentoo/, { timeout: 30_000 });
  await page.screenshot({ path: testInfo.outputPath('playground-penguins.png'), fullPage: true });

  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
