import {
  Alert,
  Button,
  Checkbox,
  Col,
  DatePicker,
  Divider,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Row,
  Select,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Lead, LeadConversion, LeadDuplicate } from '#src/modules/sales/leads.schema.ts';
import { Loading } from '../../../components/Loading.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { useCustomerSearch } from '../../customers/hooks/usePickers.ts';
import type { LeadConvertInput } from '../api/leads.ts';
import { useConvertLead, useLeadDuplicates } from '../hooks/useLeads.ts';

type Mode = 'create' | 'existing' | 'none';
interface Values {
  personMode: Mode;
  personId?: string;
  organizationMode: Mode;
  organizationId?: string;
  organizationName?: string;
  withOpportunity: boolean;
  opportunityName?: string;
  amount?: number;
  currency?: string;
  expectedClose?: Dayjs;
}

function toInput(lead: Lead, values: Values): LeadConvertInput {
  const side = (mode: Mode, id: string | undefined, name?: string) =>
    mode === 'existing'
      ? { mode, customerId: id ?? '' }
      : mode === 'create'
        ? { mode, ...(name?.trim() ? { name: name.trim() } : {}) }
        : { mode };
  return {
    version: lead.version,
    person: side(values.personMode, values.personId) as LeadConvertInput['person'],
    organization: side(
      values.organizationMode,
      values.organizationId,
      values.organizationName,
    ) as LeadConvertInput['organization'],
    ...(values.withOpportunity && {
      opportunity: {
        name: values.opportunityName?.trim() ?? lead.name,
        amount: values.amount ?? 0,
        ...(values.currency?.trim() && { currency: values.currency.trim().toUpperCase() }),
        ...(values.expectedClose && { expectedCloseDate: values.expectedClose.format('YYYY-MM-DD') }),
      },
    }),
  };
}

/** An existing customer of one kind, searched by name, pinyin, phone or email. */
function CustomerSelect({
  kind,
  value,
  onChange,
  known,
}: {
  kind: 'person' | 'organization';
  value?: string;
  onChange?: (value: string) => void;
  known: LeadDuplicate[];
}) {
  const { t } = useTranslation();
  const search = useCustomerSearch(kind);
  const options = [
    ...known.filter((d) => d.kind === kind).map((d) => ({ value: d.customerId, label: d.name })),
    ...search.options,
  ].filter((option, index, all) => all.findIndex((o) => o.value === option.value) === index);
  return (
    <Select
      value={value}
      onChange={onChange}
      options={options}
      placeholder={t('leads.pickCustomer')}
      showSearch={{ filterOption: false, onSearch: search.setSearch }}
      loading={search.loading}
      data-testid={`convert-${kind}-existing`}
    />
  );
}

/** The duplicates found for the lead: each can be picked as the person or the organization it becomes. */
function Duplicates({ items, onUse }: { items: LeadDuplicate[]; onUse: (d: LeadDuplicate) => void }) {
  const { t } = useTranslation();
  if (!items.length) return <Typography.Text type="secondary">{t('leads.noDuplicates')}</Typography.Text>;
  return (
    <List
      size="small"
      bordered
      data-testid="lead-duplicates"
      dataSource={items}
      renderItem={(d) => (
        <List.Item
          actions={[
            <Button key="use" size="small" onClick={() => onUse(d)}>
              {t('leads.useExisting')}
            </Button>,
          ]}
        >
          <Flex vertical gap={2} style={{ minWidth: 0 }}>
            <span style={{ overflowWrap: 'anywhere' }}>
              {d.name}{' '}
              <Typography.Text type="secondary">
                {d.kind === 'person' ? t('leads.person') : t('leads.organization')} · {d.ref}
              </Typography.Text>
            </span>
            <span>
              {d.reasons.map((reason) => (
                <Tag key={reason} color="orange">
                  {t(`leads.duplicateReasons.${reason}`)}
                </Tag>
              ))}
            </span>
          </Flex>
        </List.Item>
      )}
    />
  );
}

/** Converts a lead: duplicates first, then which customers it becomes and whether an opportunity starts. */
export function ConvertDialog({
  lead,
  open,
  onClose,
  onConverted,
}: {
  lead: Lead;
  open: boolean;
  onClose: () => void;
  onConverted: (result: LeadConversion) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const duplicates = useLeadDuplicates(lead.id, open);
  const convert = useConvertLead();
  const showError = useApiError();
  const personMode = Form.useWatch('personMode', form) ?? 'create';
  const organizationMode = Form.useWatch('organizationMode', form) ?? (lead.company ? 'create' : 'none');
  const withOpportunity = Form.useWatch('withOpportunity', form) ?? false;
  const items = duplicates.data?.items ?? [];

  const use = (d: LeadDuplicate) =>
    d.kind === 'person'
      ? form.setFieldsValue({ personMode: 'existing', personId: d.customerId })
      : form.setFieldsValue({ organizationMode: 'existing', organizationId: d.customerId });

  const modes = (kind: 'person' | 'organization') => (
    <Radio.Group optionType="button" data-testid={`convert-${kind}-mode`}>
      <Radio.Button value="create">{t('leads.modeCreate')}</Radio.Button>
      <Radio.Button value="existing">{t('leads.modeExisting')}</Radio.Button>
      <Radio.Button value="none">{t('leads.modeNone')}</Radio.Button>
    </Radio.Group>
  );

  return (
    <Modal
      open={open}
      title={t('leads.convertTitle')}
      okText={t('leads.convert').replace('…', '')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={convert.isPending}
      destroyOnHidden
      width={640}
      okButtonProps={{ id: 'convert-submit' }}
      data-testid="convert-dialog"
    >
      <Typography.Title level={5}>{t('leads.duplicates')}</Typography.Title>
      {duplicates.isPending ? <Loading /> : <Duplicates items={items} onUse={use} />}
      <Divider />
      <Form<Values>
        form={form}
        layout="vertical"
        name="lead-convert"
        preserve={false}
        initialValues={{
          personMode: 'create',
          organizationMode: lead.company ? 'create' : 'none',
          organizationName: lead.company ?? '',
          withOpportunity: false,
          opportunityName: lead.company ? `${lead.company}` : lead.name,
          amount: 0,
        }}
        onFinish={(values) =>
          convert.mutate(
            { id: lead.id, input: toInput(lead, values) },
            {
              onSuccess: onConverted,
              onError: (error) => showError(error),
            },
          )
        }
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="personMode" label={t('leads.person')}>
              {modes('person')}
            </Form.Item>
            {personMode === 'existing' && (
              <Form.Item name="personId" rules={[{ required: true, message: t('leads.pickCustomer') }]}>
                <CustomerSelect kind="person" known={items} />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="organizationMode" label={t('leads.organization')}>
              {modes('organization')}
            </Form.Item>
            {organizationMode === 'existing' && (
              <Form.Item name="organizationId" rules={[{ required: true, message: t('leads.pickCustomer') }]}>
                <CustomerSelect kind="organization" known={items} />
              </Form.Item>
            )}
            {organizationMode === 'create' && (
              <Form.Item
                name="organizationName"
                rules={[{ required: true, whitespace: true, message: t('leads.public.required') }]}
              >
                <Input placeholder={t('leads.organizationName')} />
              </Form.Item>
            )}
          </Col>
        </Row>
        {personMode === 'none' && organizationMode === 'none' && (
          <Alert type="warning" showIcon message={t('leads.pickCustomer')} style={{ marginBottom: 12 }} />
        )}
        <Form.Item name="withOpportunity" valuePropName="checked">
          <Checkbox data-testid="convert-with-opportunity">{t('leads.withOpportunity')}</Checkbox>
        </Form.Item>
        {withOpportunity && (
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item
                name="opportunityName"
                label={t('leads.opportunityName')}
                rules={[{ required: true, whitespace: true, message: t('leads.public.required') }]}
              >
                <Input data-testid="convert-opportunity-name" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item name="amount" label={t('leads.amount')}>
                <InputNumber min={0} style={{ width: '100%' }} data-testid="convert-amount" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item name="currency" label={t('leads.currency')}>
                <Input placeholder="CNY" maxLength={3} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="expectedClose" label={t('leads.expectedClose')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        )}
      </Form>
    </Modal>
  );
}
