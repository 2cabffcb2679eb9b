import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  // Tauri serves the built files itself; relative paths keep them working there.
  base: './',
  clearScreen: false,
  build: { target: 'es2021', outDir: 'dist', emptyOutDir: true },
  // Component tests run in jsdom and need Svelte's browser build; the app build keeps Vite's defaults.
  resolve: process.env.VITEST ? { conditions: ['browser'] } : {},
  test: { environment: 'jsdom', include: ['src/**/*.test.ts'] },
});
