import { Component, type ReactNode } from 'react';
import { translate } from '../i18n';
import { useUi } from '../store/store';

interface Props {
  children: ReactNode;
  name: string;
}
interface State {
  error: Error | null;
}

/** Catches a panel's failure so the rest of the page keeps working. */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error): void {
    console.error(`[${this.props.name}]`, error);
  }

  render() {
    if (!this.state.error) return this.props.children;
    const lang = useUi.getState().lang;
    return (
      <div className="panel-error" role="alert">
        <p>{translate(lang, 'panel.error', { message: this.state.error.message })}</p>
        <button type="button" className="btn" onClick={() => this.setState({ error: null })}>
          {translate(lang, 'panel.retry')}
        </button>
      </div>
    );
  }
}
