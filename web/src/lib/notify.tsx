import { message } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface.js';
import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';

const NotifyContext = createContext<MessageInstance | null>(null);

/**
 * Toast messages in the app's theme and language. Deliberately only antd's message API rather than antd's
 * App component, whose modal and notification parts would weigh on the first download.
 */
export function NotifyProvider({ children }: { children: ReactNode }) {
  const [api, holder] = message.useMessage();
  return (
    <NotifyContext value={api}>
      {holder}
      {children}
    </NotifyContext>
  );
}

export function useNotify(): MessageInstance {
  const api = useContext(NotifyContext);
  if (!api) throw new Error('useNotify outside NotifyProvider');
  return api;
}
