/** Series colours: the app's red first, then colours that stay apart for common colour blindness. */
export const CHART_COLORS = ['#b3261e', '#1a56db', '#146c2e', '#8a5300', '#6b3fa0', '#0f766e', '#c2410c', '#55515c', '#be185d', '#3f6212'];
