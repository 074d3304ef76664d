import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { ApiError } from '@/lib/api-client'

function createQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({
      // Polling errors are shown in place by each panel (stale data stays visible); only log them here.
      onError: (error, query) => query.state.data !== undefined && console.warn('refresh failed:', error.message),
    }),
    defaultOptions: {
      queries: {
        // A 401 will not fix itself by retrying; anything else (gateway restarting) usually does.
        retry: (count, error) => !(error instanceof ApiError && error.status === 401) && count < 3,
        retryDelay: (attempt) => Math.min(500 * 2 ** attempt, 5_000),
      },
    },
  })
}

export function AppProvider({ children }: { children: ReactNode }) {
  const [client] = useState(createQueryClient)
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>
}
