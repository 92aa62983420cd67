/**
 * Convex hulls of the cluster view's groups (Andrew's monotone chain), in graph coordinates:
 * computed once per picture, then only their few corners follow the camera. Pure, no DOM.
 */

export type Point = [number, number];

/** The hull's corners, counter-clockwise, without repeating the first; ≤ 2 points as given. */
export function convexHull(points: readonly Point[]): Point[] {
  const pts = [...new Map(points.map((p) => [`${p[0]},${p[1]}`, p])).values()].sort(
    (a, b) => a[0] - b[0] || a[1] - b[1],
  );
  if (pts.length <= 2) return pts;
  const cross = (o: Point, a: Point, b: Point) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: Point[]) => {
    const out: Point[] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2]!, out[out.length - 1]!, p) <= 0)
        out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...half(pts), ...half([...pts].reverse())];
}
