import type { ECElementEvent, EChartsType } from 'echarts/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { init } from './echarts.ts';
import type { ChartOption } from './echarts.ts';

/**
 * One ECharts chart in a div that follows its container's size. The option replaces the previous one whole
 * (`notMerge`), so a chart shows exactly what its option says; a new interface language draws it anew.
 */
export function EChart({
  option,
  height,
  label,
  onClick,
  onPlotClick,
  testId,
}: {
  option: ChartOption;
  height: number;
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  label: string;
  onClick?: ((event: ECElementEvent) => void) | undefined;
  /**
   * A click anywhere in the plot of a cartesian chart (not only on a drawn item), as data coordinates: the
   * category index on a category axis, the value on a value axis.
   */
  onPlotClick?: ((point: [number, number]) => void) | undefined;
  testId?: string;
}) {
  const { i18n } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const clicked = useRef(onClick);
  const plotClicked = useRef(onPlotClick);
  const locale = i18n.language.startsWith('zh') ? 'ZH' : 'EN';

  useEffect(() => {
    clicked.current = onClick;
    plotClicked.current = onPlotClick;
  }, [onClick, onPlotClick]);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const instance = init(element, undefined, { renderer: 'canvas', locale });
    chart.current = instance;
    instance.on('click', (event) => clicked.current?.(event as ECElementEvent));
    instance.getZr().on('click', (event) => {
      const pixel = [event.offsetX, event.offsetY];
      if (!plotClicked.current || !instance.containPixel('grid', pixel)) return;
      const point = instance.convertFromPixel('grid', pixel) as number[];
      if (point.length >= 2) plotClicked.current([point[0]!, point[1]!]);
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [locale]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, locale]);

  return (
    <div
      ref={container}
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ width: '100%', height }}
    />
  );
}
