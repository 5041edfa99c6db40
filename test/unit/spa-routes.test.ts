import { describe, expect, it } from 'vitest';
import { MOVED, matchRoute, ROUTES } from '../../web/src/routes.tsx';

describe('the SPA’s route table', () => {
  const match = (path: string) => {
    const m = matchRoute(path);
    return m ? { pattern: m.route.pattern, params: m.params } : null;
  };

  it('names a page and its parameters, decoded', () => {
    expect(match('/hazards/5b7c')).toEqual({ pattern: '/hazards/:id', params: { id: '5b7c' } });
    expect(match('/assessments/2026-11/units/%E4%B8%9C')).toEqual({
      pattern: '/assessments/:month/units/:unitId',
      params: { month: '2026-11', unitId: '东' },
    });
    expect(match('/campaigns/c1/bulletin')).toEqual({ pattern: '/campaigns/:id/bulletin', params: { id: 'c1' } });
    expect(match('/my-work')).toEqual({ pattern: '/my-work', params: {} });
  });

  it('prefers an address of its own to a parameter', () => {
    expect(match('/inspections/new')?.pattern).toBe('/inspections/new');
    expect(match('/maintenance/new')?.pattern).toBe('/maintenance/new');
    expect(match('/assessments/rubrics')?.pattern).toBe('/assessments/rubrics');
    expect(match('/inspections/abc')?.pattern).toBe('/inspections/:id');
  });

  it('has no page for an unknown address or a malformed escape', () => {
    expect(match('/nowhere')).toBeNull();
    expect(match('/hazards/a/b')).toBeNull();
    expect(match('/hazards/%E4%B8')).toBeNull();
    expect(match('/tasks')).toBeNull();
    expect(MOVED['/tasks']).toBe('/my-work');
  });

  it('puts every page in a section that is itself an address of the table', () => {
    const patterns = new Set(ROUTES.map((r) => r.pattern));
    for (const route of ROUTES) expect(patterns, route.pattern).toContain(route.section);
  });
});
