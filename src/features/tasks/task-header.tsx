import { cn } from '@/lib/cn'
import { TASK_GRID } from './task-row'
import type { SortKey, TaskSort } from './task-view'

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'status', label: 'Status' }, { key: 'name', label: 'Name' }, { key: 'id', label: 'ID' }, { key: 'source', label: 'Source' },
  { key: 'created', label: 'Created' }, { key: 'started', label: 'Started' }, { key: 'duration', label: 'Duration' },
  { key: 'container', label: 'Container' }, { key: 'failure', label: 'Failure' },
]

type TaskHeaderProps = {
  sort: TaskSort
  onSort: (sort: TaskSort) => void
  /** Whether every shown row is selected; the checkbox selects them all ("all matching the current filter"). */
  allSelected: boolean
  onSelectAll: () => void
  onClearSelection: () => void
}

/** Column headers: each sorts its column, a second click flips the direction. */
export function TaskHeader({ sort, onSort, allSelected, onSelectAll, onClearSelection }: TaskHeaderProps) {
  return (
    <div role="row" className={cn(TASK_GRID, 'border-b border-zinc-700 py-1 text-xs uppercase tracking-wide text-zinc-500')}>
      <div role="columnheader">
        <input type="checkbox" aria-label="Select all matching tasks" checked={allSelected} className="accent-sky-500"
          onChange={() => (allSelected ? onClearSelection() : onSelectAll())} />
      </div>
      {COLUMNS.map(({ key, label }) => {
        const active = sort.key === key
        return (
          <div role="columnheader" key={key} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
            <button type="button" className={cn('uppercase tracking-wide hover:text-zinc-200', active && 'text-zinc-200')}
              onClick={() => onSort({ key, dir: active && sort.dir === 'desc' ? 'asc' : active ? 'desc' : key === 'created' || key === 'started' || key === 'duration' ? 'desc' : 'asc' })}>
              {label}{active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
            </button>
          </div>
        )
      })}
      <div role="columnheader" className="text-right">Cancel</div>
    </div>
  )
}
