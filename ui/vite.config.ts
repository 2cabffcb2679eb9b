import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  // Tauri serves the built files itself; relative paths keep them working there.
  base: './',
  clearScreen: false,
  build: { target: 'es2021', outDir: 'dist', emptyOutDir: true },
  resolve: { conditions: process.env.VITEST ? ['browser'] : [] },
  test: { environment: 'jsdom', include: ['src/**/*.test.ts'] },
});
