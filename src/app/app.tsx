import { SessionGate } from '@/features/session/session-gate'
import { Dashboard } from './dashboard'
import { AppProvider } from './provider'

/** The whole app: providers, then the session gate (token → cookie), then the dashboard. */
export function App() {
  return (
    <AppProvider>
      <SessionGate>
        <Dashboard />
      </SessionGate>
    </AppProvider>
  )
}
