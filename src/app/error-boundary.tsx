import { Component, type ErrorInfo, type ReactNode } from 'react'

type Props = { name: string; children: ReactNode }

/** One per panel: a bug in the log view must not take the task table down with it. */
export class PanelErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null }
  static getDerivedStateFromError(error: Error) {
    return { error }
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`${this.props.name} crashed`, error, info.componentStack)
  }
  override render() {
    if (!this.state.error) return this.props.children
    return (
      <div role="alert" className="m-3 rounded border border-red-800 bg-red-950/50 p-3 text-sm">
        <p className="font-semibold">The {this.props.name} panel hit a bug: {this.state.error.message}</p>
        <button type="button" className="mt-2 underline" onClick={() => this.setState({ error: null })}>Try again</button>
      </div>
    )
  }
}
