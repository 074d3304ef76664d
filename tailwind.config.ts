import type { Config } from 'tailwindcss'

// Read by Tailwind 4 through the `@config` line in src/index.css.
export default {
  content: ['./index.html', './src/**/*.{ts,tsx}'],
  darkMode: 'class',
  theme: {
    extend: {
      fontFamily: {
        mono: ['ui-monospace', 'SFMono-Regular', 'Menlo', 'Consolas', 'monospace'],
      },
      colors: {
        level: {
          trace: '#6b7280', debug: '#60a5fa', info: '#34d399', warn: '#fbbf24', error: '#f87171', fatal: '#e879f9', unknown: '#9ca3af',
        },
      },
    },
  },
} satisfies Config
