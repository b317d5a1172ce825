// ECharts, served by the gateway from the org.webjars.npm:echarts jar (no CDN). Loaded only by pages that chart.
// The version is the one in the root pom (echarts.version); change both together.

const ECHARTS_URL = '/webjars/echarts/5.3.1/dist/echarts.min.js';
let loading = null;

export function loadECharts() {
  if (window.echarts) return Promise.resolve(window.echarts);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = ECHARTS_URL;
      script.onload = () => resolve(window.echarts);
      script.onerror = () => {
        loading = null;
        reject(new Error(`The chart library (${ECHARTS_URL}) did not load; reload the page to try again.`));
      };
      document.head.append(script);
    });
  }
  return loading;
}
