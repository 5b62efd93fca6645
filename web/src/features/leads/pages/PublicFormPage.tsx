import { Alert, Button, Flex, Form, Input, InputNumber, Result, theme } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { FormField } from '#src/modules/sales/lead-forms.schema.ts';
import { HONEYPOT_FIELD, isStandardField } from '#src/modules/sales/lead-forms.schema.ts';
import { LanguageSwitch } from '../../../components/LanguageSwitch.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { ApiError } from '../../../lib/api.ts';
import { problemMessage } from '../../../lib/useApiError.ts';
import { getPublicForm, submitPublicForm } from '../api/leads.ts';

type Values = Record<string, string | number | undefined>;

/**
 * A field's input: long text for notes and paragraphs, a number field for numbers, a line otherwise. Form.Item
 * hands its child the id, value and onChange: they are passed on to the input.
 */
function FieldInput({
  field,
  ...bound
}: {
  field: FormField;
  id?: string;
  value?: unknown;
  onChange?: (value: unknown) => void;
}) {
  const props = bound as Record<string, unknown>;
  if (field.key === 'notes' || field.type === 'textarea')
    return <Input.TextArea rows={4} maxLength={5000} {...props} />;
  if (field.type === 'number') return <InputNumber style={{ width: '100%' }} {...props} />;
  const type = field.key === 'email' ? 'email' : field.key === 'phone' ? 'tel' : 'text';
  const autoComplete: Record<string, string> = {
    name: 'name',
    company: 'organization',
    email: 'email',
    phone: 'tel',
    title: 'organization-title',
    province: 'address-level1',
    city: 'address-level2',
  };
  return <Input type={type} maxLength={200} autoComplete={autoComplete[field.key] ?? 'off'} {...props} />;
}

/**
 * A public lead form at /forms/<slug>, outside the login: simple, in the visitor's language, usable on a phone
 * and inside an iframe. It carries the render token from the server and a honeypot field people never see.
 */
export function PublicFormPage() {
  const { t } = useTranslation();
  const { token: design } = theme.useToken();
  const { slug = '' } = useParams();
  const [form] = Form.useForm<Values>();
  const [thanks, setThanks] = useState<string | null | undefined>(undefined);
  const [alert, setAlert] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const definition = useQuery({
    queryKey: ['public-lead-form', slug],
    queryFn: ({ signal }) => getPublicForm(slug, signal),
    retry: false,
    refetchOnWindowFocus: false,
  });

  const labelOf = (field: FormField) =>
    isStandardField(field.key) ? t(`leads.fields.${field.key}`) : (field.label ?? field.key);

  const onFinish = async (values: Values) => {
    if (!definition.data) return;
    setAlert(null);
    setSending(true);
    const honeypot = String(values[HONEYPOT_FIELD] ?? '');
    const answers: Record<string, string | number> = {};
    for (const field of definition.data.fields) {
      const value = values[field.key];
      if (value !== undefined && value !== null && String(value).trim() !== '') answers[field.key] = value;
    }
    try {
      const receipt = await submitPublicForm(slug, {
        token: definition.data.token,
        [HONEYPOT_FIELD]: honeypot,
        values: answers,
      });
      setThanks(receipt.thankYou);
      form.resetFields();
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) setAlert(t('leads.public.tooMany'));
      else if (error instanceof ApiError && error.problem.errors.some((e) => e.field === 'token')) {
        setAlert(t('leads.public.tooQuick'));
        void definition.refetch();
      } else if (
        error instanceof ApiError &&
        error.problem.errors.some((e) => e.field.startsWith('values.'))
      ) {
        form.setFields(
          error.problem.errors
            .filter((e) => e.field.startsWith('values.'))
            .map((e) => ({ name: e.field.slice('values.'.length), errors: [e.message] })),
        );
      } else setAlert(problemMessage(t, error));
    } finally {
      setSending(false);
    }
  };

  let body;
  if (definition.isPending) body = <Loading />;
  else if (definition.isError)
    body = (
      <Result
        status="404"
        title={t('leads.public.notFound')}
        subTitle={
          definition.error instanceof ApiError && definition.error.status === 404
            ? null
            : problemMessage(t, definition.error)
        }
      />
    );
  else if (thanks !== undefined)
    body = (
      <Result
        status="success"
        title={thanks ?? t('leads.public.thanks')}
        data-testid="public-form-thanks"
        extra={
          <Button
            onClick={() => {
              setThanks(undefined);
              void definition.refetch();
            }}
          >
            {t('leads.public.another')}
          </Button>
        }
      />
    );
  else
    body = (
      <>
        <h1
          style={{
            fontSize: design.fontSizeHeading3,
            fontWeight: 600,
            margin: '0 0 16px',
            overflowWrap: 'anywhere',
          }}
        >
          {definition.data.name}
        </h1>
        {alert && (
          <Alert
            type="warning"
            showIcon
            message={alert}
            style={{ marginBottom: 16 }}
            data-testid="public-form-alert"
          />
        )}
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={(values) => void onFinish(values)}
          disabled={sending}
          requiredMark
        >
          {definition.data.fields.map((field) => (
            <Form.Item
              key={field.key}
              name={field.key}
              label={labelOf(field)}
              rules={
                field.required
                  ? [{ required: true, whitespace: true, message: t('leads.public.required') }]
                  : []
              }
            >
              <FieldInput field={field} />
            </Form.Item>
          ))}
          {/* The honeypot: off screen and out of the tab order, so people leave it empty and bots fill it. */}
          <div
            aria-hidden
            style={{
              position: 'absolute',
              left: -10000,
              top: 'auto',
              width: 1,
              height: 1,
              overflow: 'hidden',
            }}
          >
            <label>
              Website
              <Form.Item name={HONEYPOT_FIELD} noStyle>
                <Input tabIndex={-1} autoComplete="off" />
              </Form.Item>
            </label>
          </div>
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={sending}
            data-testid="public-form-submit"
          >
            {sending ? t('leads.public.sending') : t('leads.public.submit')}
          </Button>
          <p style={{ color: design.colorTextSecondary, fontSize: design.fontSizeSM, margin: '12px 0 0' }}>
            {t('leads.public.privacy')}
          </p>
        </Form>
      </>
    );

  return (
    <Flex
      vertical
      align="center"
      style={{
        minHeight: '100%',
        padding: '16px 12px',
        boxSizing: 'border-box',
        background: design.colorBgLayout,
      }}
    >
      <main
        data-testid="public-form"
        style={{
          width: '100%',
          maxWidth: 560,
          boxSizing: 'border-box',
          padding: 24,
          background: design.colorBgContainer,
          borderRadius: design.borderRadiusLG,
          boxShadow: design.boxShadowTertiary,
          position: 'relative',
        }}
      >
        <Flex justify="flex-end" style={{ marginBottom: 8 }}>
          <LanguageSwitch size="small" />
        </Flex>
        {body}
      </main>
    </Flex>
  );
}
