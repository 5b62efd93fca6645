import { Typography } from 'antd';

/** A similarity score (0–1) as a percentage; 90 % and more in bold, as the likeliest duplicates. */
export function ScoreText({ score }: { score: number }) {
  const percent = Math.round(Math.min(Math.max(score, 0), 1) * 100);
  return <Typography.Text strong={percent >= 90}>{percent}%</Typography.Text>;
}
