import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  nodeBoxes,
  nodesUnderOverlays,
  openFirstScreen,
  overlappingPairs,
  type Session,
  screenshot,
} from './browser';

describe('the first screen: the Figure 9 sysplex', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openFirstScreen();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('names the product in the header', async () => {
    await expect(s.page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(
      /Sysplex Distributor/,
    );
  });

  it('shows the five stacks, the coupling facility and the network by their labels', async () => {
    for (const name of ['MVS1', 'MVS2', 'MVS3', 'MVS4', 'MVS5']) {
      const node = s.page.getByRole('article', { name: `TCP/IP stack ${name}` });
      expect(await node.isVisible(), `${name} visible`).toBe(true);
      expect(await node.textContent()).toContain(name);
    }
    expect(await s.page.getByRole('article', { name: /Coupling facility/ }).isVisible()).toBe(true);
    expect(await s.page.getByRole('article', { name: 'Network router' }).isVisible()).toBe(true);
    expect(await s.page.getByRole('article', { name: /Remote client/ }).isVisible()).toBe(true);
  });

  it('lays the nodes out inside the viewport without overlaps and draws the links', async () => {
    const boxes = await nodeBoxes(s.page);
    expect(boxes.length).toBe(8);
    const vp = s.page.viewportSize()!;
    for (const b of boxes) {
      expect(b.w).toBeGreaterThan(20);
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.w).toBeLessThanOrEqual(vp.width);
    }
    expect(overlappingPairs(boxes), 'overlapping nodes').toEqual([]);
    expect(await nodesUnderOverlays(s.page), 'nodes under the legend or the kill zone').toEqual([]);
    expect(await s.page.locator('.react-flow__edge').count()).toBe(8);
  });

  it('renders without console errors and saves a screenshot', async () => {
    const file = await screenshot(s.page, 'figure9-topology');
    expect(file).toMatch(/\.png$/);
    expect(s.errors).toEqual([]);
  });
});
