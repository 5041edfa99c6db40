/**
 * Charts: the one place the app touches ECharts, with only the parts it uses taken from
 * `echarts/core` (line and bar charts; grid, tooltip, legend and title; the canvas renderer).
 * Nothing imports this module statically: pages show a LazyChart (lazy-chart.tsx), which loads it
 * as a chunk of its own on first use, so pages without a chart never fetch ECharts.
 * The canvas draws its text in the page's own font stack (Chinese included); while printing, a
 * picture of the chart replaces the canvas, scaled to the paper like any image.
 */
import { BarChart, type BarSeriesOption, LineChart, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TitleComponent,
  type TitleComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import { type ComposeOption, type EChartsType, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'preact/hooks';
import { getLang } from '../i18n.ts';
import { CHART_COLORS } from './chart-colors.ts';

use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TitleComponentOption | TooltipComponentOption
>;

export interface ChartProps {
  option: ChartOption;
  /** What the chart shows, for screen readers (the figures are in a table beside it). */
  label: string;
  height?: number;
  class?: string;
  testId?: string;
}

export function Chart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const picture = useRef<HTMLImageElement>(null);
  const [drawn, setDrawn] = useState(false);

  useEffect(() => {
    const el = box.current!;
    const c = init(el, null, { renderer: 'canvas', locale: getLang() === 'zh-CN' ? 'ZH' : 'EN' });
    chart.current = c;
    c.on('finished', () => setDrawn(true));
    c.setOption(withDefaults(props.option, el));
    // Hidden (display: none, e.g. the canvas while printing) is no size to draw at.
    const observer = new ResizeObserver(() => {
      if (el.clientWidth > 0) c.resize();
    });
    observer.observe(el);
    // While printing the canvas gives way to a picture of it (crisp, and as wide as the paper),
    // set at once: the page is laid out for paper right after this event.
    const beforePrint = () => {
      if (picture.current && el.clientWidth > 0)
        picture.current.src = c.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
    };
    window.addEventListener('beforeprint', beforePrint);
    return () => {
      observer.disconnect();
      window.removeEventListener('beforeprint', beforePrint);
      c.dispose();
      chart.current = null;
    };
  }, []);

  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (chart.current && box.current) chart.current.setOption(withDefaults(props.option, box.current), { notMerge: true });
  }, [props.option]);

  return (
    <figure class={`chart ${props.class ?? ''}`} data-testid={props.testId} data-state={drawn ? 'ready' : 'drawing'}>
      <div ref={box} class="chart-canvas" role="img" aria-label={props.label} style={{ height: `${props.height ?? 260}px` }} />
      <img ref={picture} class="chart-print" alt={props.label} />
    </figure>
  );
}

/** The app's font, colours and motion preference under whatever the page asked for. */
function withDefaults(option: ChartOption, el: HTMLElement): ChartOption {
  const fontFamily = getComputedStyle(el).fontFamily;
  const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  // The tooltip is HTML drawn by ECharts with its own default font: give it the page's too.
  const tooltip =
    option.tooltip && !Array.isArray(option.tooltip)
      ? { ...option.tooltip, textStyle: { fontFamily, ...option.tooltip.textStyle } }
      : option.tooltip;
  return {
    color: CHART_COLORS,
    animation: !still,
    textStyle: { fontFamily, color: '#1c1b1f' },
    ...option,
    ...(tooltip ? { tooltip } : {}),
  };
}
