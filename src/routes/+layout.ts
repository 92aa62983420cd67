// A static, client-only app: prerendered shell, no server rendering, no server at all.
export const prerender = true;
export const ssr = false;
export const trailingSlash = 'always';
