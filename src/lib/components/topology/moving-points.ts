/**
 * The entities of a big picture as plain round points while the camera moves: one
 * non-instanced draw of GL points, on sigma's own WebGL context and camera matrix, in place of
 * sigma's entity program (an instanced draw of one quad per entity, whose per-instance cost in
 * software WebGL is about ten times that of a point: bench/README.md). Positions, sizes and
 * colours are sigma's display data (reducers applied), read again after every frame at rest.
 * DOM-side only.
 */
import type Sigma from 'sigma';

/** What this layer needs of sigma's per-frame render parameters. */
export interface FrameParams {
  matrix: Float32Array | number[];
  width: number;
  height: number;
  pixelRatio: number;
  sizeRatio: number;
  frameId?: number;
}

const VERTEX = `#version 300 es
uniform mat3 u_matrix;
uniform float u_pointScale;
uniform float u_pixelRatio;
in vec2 a_position;
in float a_size;
in vec4 a_color;
out vec4 v_color;
void main() {
  vec3 p = u_matrix * vec3(a_position, 1.0);
  gl_Position = vec4(p.xy, 0.0, 1.0);
  // Less the band sigma leaves for antialiasing around its shapes.
  gl_PointSize = max(2.0, a_size * u_pointScale - u_pixelRatio);
  v_color = a_color;
}`;

const FRAGMENT = `#version 300 es
precision mediump float;
in vec4 v_color;
out vec4 fragColor;
void main() {
  vec2 d = gl_PointCoord - vec2(0.5);
  if (dot(d, d) > 0.25) discard;
  fragColor = vec4(v_color.rgb * v_color.a, v_color.a);
}`;

/** x, y, size, r, g, b, a per entity. */
const STRIDE = 7;

type Rgba = [number, number, number, number];
const rgba = new Map<string, Rgba>();
let probe: CanvasRenderingContext2D | null = null;

/** A CSS colour as 0–1 RGBA (memoised; the browser parses what is not #rrggbb). */
export function parseColour(css: string): Rgba {
  let c = rgba.get(css);
  if (!c) {
    const normal = hexColour(css) ? css : normalised(css);
    c = hexColour(normal) ?? rgbaOf(normal);
    rgba.set(css, c);
  }
  return c;
}

function hexColour(css: string): Rgba | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})?$/i.exec(css);
  if (!m) return null;
  const at = (i: number) => parseInt(m[i] ?? 'ff', 16) / 255;
  return [at(1), at(2), at(3), at(4)];
}

/** The browser's own spelling of a colour: #rrggbb, or rgba(…) when it is translucent. */
function normalised(css: string): string {
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return '#000000';
  probe.fillStyle = '#000000';
  probe.fillStyle = css;
  return String(probe.fillStyle);
}

function rgbaOf(css: string): Rgba {
  const [r = 0, g = 0, b = 0, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
  return [r / 255, g / 255, b / 255, a];
}

/** Builds the point data of every entity sigma would draw. */
function pointData(r: Sigma): { data: Float32Array; count: number } {
  const g = r.getGraph();
  const data = new Float32Array(g.order * STRIDE);
  let count = 0;
  g.forEachNode((id, attributes) => {
    const d = r.getNodeDisplayData(id) as
      { x: number; y: number; size: number; color?: string; hidden?: boolean } | undefined;
    if (!d || d.hidden) return;
    const colour = parseColour(String(d.color ?? attributes.color ?? '#000000'));
    data.set([d.x, d.y, d.size, ...colour], count * STRIDE);
    count++;
  });
  return { data, count };
}

export interface PointLayer {
  /** Draws every entity as a point with this frame's camera. */
  draw(params: FrameParams): void;
  /** The entities or their look may have changed: read them again before the next draw. */
  invalidate(): void;
}

/** Null when the context cannot build the program (then sigma's program draws as usual). */
export function pointLayer(r: Sigma): PointLayer | null {
  const gl = r.getWebGLContext();
  let gpu: { program: WebGLProgram; vao: WebGLVertexArrayObject; buffer: WebGLBuffer } | null =
    null;
  let count = 0;
  let dirty = true;
  const build = () => {
    const program = compile(gl);
    const vao = gl.createVertexArray();
    const buffer = gl.createBuffer();
    if (!program || !vao || !buffer) return null;
    gl.bindVertexArray(vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
    const bytes = STRIDE * 4;
    for (const [name, size, offset] of [
      ['a_position', 2, 0],
      ['a_size', 1, 2],
      ['a_color', 4, 3],
    ] as const) {
      const at = gl.getAttribLocation(program, name);
      gl.enableVertexAttribArray(at);
      gl.vertexAttribPointer(at, size, gl.FLOAT, false, bytes, offset * 4);
      gl.vertexAttribDivisor(at, 0);
    }
    gl.bindVertexArray(null);
    return { program, vao, buffer };
  };
  if (!(gpu = build())) return null;
  return {
    invalidate: () => void (dirty = true),
    draw(params) {
      // A restored context has none of the old objects: build them again.
      if (!gpu || !gl.isProgram(gpu.program)) {
        gpu = build();
        dirty = true;
        if (!gpu) return;
      }
      if (dirty) {
        const points = pointData(r);
        gl.bindBuffer(gl.ARRAY_BUFFER, gpu.buffer);
        gl.bufferData(gl.ARRAY_BUFFER, points.data, gl.DYNAMIC_DRAW);
        count = points.count;
        dirty = false;
      }
      gl.bindFramebuffer(gl.FRAMEBUFFER, null);
      gl.viewport(0, 0, params.width * params.pixelRatio, params.height * params.pixelRatio);
      gl.useProgram(gpu.program);
      gl.uniformMatrix3fv(gl.getUniformLocation(gpu.program, 'u_matrix'), false, params.matrix);
      // A display size is a radius in CSS pixels once divided by the size ratio.
      const scale = (2 * params.pixelRatio) / params.sizeRatio;
      gl.uniform1f(gl.getUniformLocation(gpu.program, 'u_pointScale'), scale);
      gl.uniform1f(gl.getUniformLocation(gpu.program, 'u_pixelRatio'), params.pixelRatio);
      gl.bindVertexArray(gpu.vao);
      gl.drawArrays(gl.POINTS, 0, count);
      gl.bindVertexArray(null);
      gl.useProgram(null);
    },
  };
}

function compile(gl: WebGL2RenderingContext): WebGLProgram | null {
  const program = gl.createProgram();
  if (!program) return null;
  for (const [type, source] of [
    [gl.VERTEX_SHADER, VERTEX],
    [gl.FRAGMENT_SHADER, FRAGMENT],
  ] as const) {
    const shader = gl.createShader(type);
    if (!shader) return null;
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    gl.attachShader(program, shader);
  }
  gl.linkProgram(program);
  return gl.getProgramParameter(program, gl.LINK_STATUS) ? program : null;
}
