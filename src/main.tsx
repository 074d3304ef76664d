import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { AppProvider } from '@/app/provider'
import { SessionGate } from '@/features/session/session-gate'
import { Dashboard } from '@/app/dashboard'
import './index.css'

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <AppProvider>
      <SessionGate>
        <Dashboard />
      </SessionGate>
    </AppProvider>
  </StrictMode>,
)
