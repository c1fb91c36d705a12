/**
 * 登录: one login name for everyone (身份证号, 统一社会信用代码 or a staff account) and a password. The
 * server's message is shown as it is (e.g. "账号或密码错误，还可尝试 4 次", or the throttling notice).
 */
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Divider, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../api/client.ts';
import { BUTTON_LOADING } from '../components/button-loading.ts';
import { ToolGrid } from '../components/ToolGrid.tsx';
import { offered, SERVICES, TOOLS } from '../components/tools.tsx';
import { useI18n } from '../i18n/useI18n.ts';
import { navigate, useLocation } from '../router/router.ts';
import { PATHS } from '../router/routes.ts';
import { useSession } from '../session/useSession.ts';

interface LoginForm {
  loginName: string;
  password: string;
}

/** The login page; `notice` explains why it is shown instead of the page asked for. */
export function LoginPage({ notice }: { notice?: string | undefined }) {
  const { t } = useI18n();
  const { login } = useSession();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (v: LoginForm) => {
    setBusy(true);
    setError(null);
    try {
      await login(v.loginName.trim(), v.password);
      // Stay on the page that asked for a login; from /login go home.
      if (location.startsWith(PATHS.login)) navigate(PATHS.home, { replace: true });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="login-wrap">
        <Card title={t('login.title')} variant="outlined">
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            {t('login.intro')}
          </Typography.Paragraph>
          {notice && <Alert type="info" showIcon title={notice} style={{ marginBottom: 16 }} />}
          {error && (
            <Alert
              type="error"
              showIcon
              title={t('login.failed')}
              description={error}
              style={{ marginBottom: 16 }}
              role="alert"
              data-testid="login-error"
            />
          )}
          <Form<LoginForm> layout="vertical" onFinish={onFinish} requiredMark={false} size="large">
            <Form.Item
              label={t('login.loginName')}
              name="loginName"
              rules={[{ required: true, whitespace: true, message: t('login.requiredLoginName') }]}
            >
              <Input
                prefix={<UserOutlined />}
                placeholder={t('login.loginNamePlaceholder')}
                autoComplete="username"
                autoCapitalize="off"
                spellCheck={false}
                maxLength={64}
              />
            </Form.Item>
            <Form.Item
              label={t('login.password')}
              name="password"
              rules={[{ required: true, message: t('login.requiredPassword') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                placeholder={t('login.passwordPlaceholder')}
                autoComplete="current-password"
                maxLength={128}
              />
            </Form.Item>
            <Form.Item style={{ marginBottom: 0 }}>
              <Button type="primary" htmlType="submit" block loading={busy && BUTTON_LOADING}>
                {t('login.submit')}
              </Button>
            </Form.Item>
          </Form>
        </Card>
      </div>
      <Divider>{t('login.publicTools')}</Divider>
      <ToolGrid tools={[...SERVICES, ...TOOLS].filter((tool) => offered(tool, null))} />
    </>
  );
}
