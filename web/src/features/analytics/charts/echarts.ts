import { BarChart, HeatmapChart, LineChart, TreemapChart } from 'echarts/charts';
import type {
  BarSeriesOption,
  HeatmapSeriesOption,
  LineSeriesOption,
  TreemapSeriesOption,
} from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkAreaComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components';
import { init, use as registerParts } from 'echarts/core';
import type { ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

/**
 * The parts of ECharts the dashboards use, registered once: only these are bundled (the full library is several
 * times larger). A chart type or component not listed here renders nothing, so add it here first.
 */
registerParts([
  TreemapChart,
  LineChart,
  BarChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  MarkAreaComponent,
  VisualMapContinuousComponent,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | TreemapSeriesOption
  | LineSeriesOption
  | BarSeriesOption
  | HeatmapSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | MarkAreaComponentOption
  | VisualMapComponentOption
>;

export { init };

export type {
  DefaultLabelFormatterCallbackParams as ChartParams,
  TooltipComponentFormatterCallbackParams as TooltipParams,
} from 'echarts';

/** Text for a tooltip's HTML: names come from the data and the translations. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The `id` of the data item behind a chart event or formatter call (set on items that stand for something). */
export function dataId(params: unknown): string | undefined {
  const data = (params as { data?: unknown } | undefined)?.data;
  if (typeof data !== 'object' || data === null || !('id' in data)) return undefined;
  const id = (data as { id: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}
