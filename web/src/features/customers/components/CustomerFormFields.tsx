import { Col, Form, Input, Row, Select, Switch } from 'antd';
import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { consentChannels, tagSchema } from '#src/modules/customers/customers.schema.ts';
import type { CustomerKind, CustomField } from '#src/modules/customers/customers.schema.ts';
import { useCustomerOptions } from '../hooks/useOptions.ts';
import {
  AddressFields,
  half,
  OrganizationFields,
  PersonFields,
  Section,
  TextItem,
  third,
} from './CustomerFactFields.tsx';
import { CustomFieldInputs } from './CustomFieldInputs.tsx';
import { OwnerSelect } from './OwnerSelect.tsx';

const tagsRule = (t: TFunction): FormRule => ({
  validator: async (_rule, value: unknown) => {
    const tags = Array.isArray(value) ? (value as string[]) : [];
    if (tags.some((tag) => !tagSchema.safeParse(tag).success)) throw new Error(t('customers.validation.tag'));
  },
});

/**
 * Every field of the customer dialog, in sections; which facts show follows the kind. Owners are picked only
 * by those who may assign them.
 */
export function CustomerFormFields({
  kind,
  editing,
  customerId,
  customFields,
  mayAssign,
  owner,
  parent,
}: {
  kind: CustomerKind;
  editing: boolean;
  customerId?: string | undefined;
  customFields: CustomField[];
  mayAssign: boolean;
  owner?: { value: string; label: string } | undefined;
  parent?: { value: string; label: string } | undefined;
}) {
  const { t } = useTranslation();
  const options = useCustomerOptions();
  return (
    <>
      <Row gutter={16}>
        <Col {...third}>
          <Form.Item name="kind" label={t('customers.fields.kind')} rules={[{ required: true }]}>
            <Select options={options.kinds} disabled={editing} data-testid="customer-kind" />
          </Form.Item>
        </Col>
        <Col {...third}>
          <Form.Item
            name="name"
            label={t('customers.fields.name')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('common.required', { field: t('customers.fields.name') }),
              },
              { max: 200 },
            ]}
          >
            <Input autoComplete="off" maxLength={200} />
          </Form.Item>
        </Col>
        <Col {...third}>
          <Form.Item
            name="ref"
            label={`${t('customers.fields.ref')} (${t('common.optional')})`}
            rules={[{ max: 100 }]}
          >
            <Input autoComplete="off" maxLength={100} />
          </Form.Item>
        </Col>
      </Row>
      <Section title={t('customers.sections.contact')} />
      <Row gutter={16}>
        <Col {...half}>
          <TextItem name="phone" label={t('customers.fields.phone')} max={40} />
        </Col>
        <Col {...half}>
          <Form.Item
            name="email"
            label={t('customers.fields.email')}
            rules={[{ type: 'email', message: t('customers.validation.email') }, { max: 254 }]}
          >
            <Input autoComplete="off" inputMode="email" />
          </Form.Item>
        </Col>
      </Row>
      {kind === 'person' ? <PersonFields /> : <OrganizationFields customerId={customerId} parent={parent} />}
      <AddressFields />
      <Section title={t('customers.sections.classification')} />
      <Row gutter={16}>
        <Col {...third}>
          <Form.Item name="lifecycleStage" label={t('customers.fields.lifecycleStage')}>
            <Select options={options.stages} />
          </Form.Item>
        </Col>
        <Col {...third}>
          <Form.Item name="keyAccount" label={t('customers.fields.keyAccount')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col {...third}>
          <TextItem name="source" label={t('customers.fields.source')} max={50} />
        </Col>
        <Col {...(mayAssign ? half : { span: 24 })}>
          <Form.Item name="tags" label={t('customers.fields.tags')} rules={[tagsRule(t)]}>
            <Select mode="tags" tokenSeparators={[',', '，', ';', '；']} open={false} suffixIcon={null} />
          </Form.Item>
        </Col>
        {mayAssign && (
          <Col {...half}>
            <Form.Item name="ownerId" label={t('customers.fields.owner')}>
              <OwnerSelect known={owner} placeholder={t('customers.unassigned')} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Section title={t('customers.sections.consent')} />
      <Row gutter={16}>
        {consentChannels.map((channel) => (
          <Col xs={8} sm={5} key={channel}>
            <Form.Item
              name={['consent', channel]}
              label={t(`customers.consent.${channel}`)}
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
          </Col>
        ))}
        <Col xs={24} sm={9}>
          <Form.Item name="consentSource" label={t('customers.consent.source')} rules={[{ max: 100 }]}>
            <Input maxLength={100} placeholder={t('customers.consent.sourcePlaceholder')} />
          </Form.Item>
        </Col>
      </Row>
      {customFields.length > 0 && (
        <>
          <Section title={t('customers.sections.custom')} />
          <Row gutter={16}>
            <CustomFieldInputs fields={customFields} />
          </Row>
        </>
      )}
      <Form.Item name="notes" label={t('customers.fields.notes')} rules={[{ max: 10_000 }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={10_000} />
      </Form.Item>
    </>
  );
}
