import { Cascader, Col, DatePicker, Divider, Form, Input, InputNumber, Row, Select } from 'antd';
import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { creditCodeProblem } from '#src/modules/customers/credit-code.ts';
import { useCustomerOptions } from '../hooks/useOptions.ts';
import { CustomerSelect } from './CustomerSelect.tsx';

/** The customer dialog's sections of facts: a person's, an organisation's, and the address. */

export const half = { xs: 24, sm: 12 } as const;
export const third = { xs: 24, sm: 8 } as const;

export function Section({ title }: { title: string }) {
  return (
    <Divider titlePlacement="start" plain style={{ margin: '8px 0 16px', fontWeight: 600 }}>
      {title}
    </Divider>
  );
}

/** The unified social credit code's check character, checked before the server sees it. */
const creditCodeRule = (t: TFunction): FormRule => ({
  validator: async (_rule, value: unknown) => {
    if (typeof value !== 'string' || value.trim() === '') return;
    if (creditCodeProblem(value.trim().toUpperCase())) throw new Error(t('customers.validation.creditCode'));
  },
});

export function TextItem({ name, label, max }: { name: string; label: string; max: number }) {
  return (
    <Form.Item name={name} label={label} rules={[{ max }]}>
      <Input maxLength={max} autoComplete="off" />
    </Form.Item>
  );
}

/** Facts of a person: gender, birthday, occupation and the socio-economic bands. */
export function PersonFields() {
  const { t } = useTranslation();
  const options = useCustomerOptions();
  return (
    <>
      <Section title={t('customers.sections.person')} />
      <Row gutter={16}>
        <Col {...third}>
          <Form.Item name="gender" label={t('customers.fields.gender')}>
            <Select allowClear options={options.genders} />
          </Form.Item>
        </Col>
        <Col {...third}>
          <Form.Item name="birthday" label={t('customers.fields.birthday')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col {...third}>
          <TextItem name="occupation" label={t('customers.fields.occupation')} max={100} />
        </Col>
        <Col {...third}>
          <TextItem name="incomeBand" label={t('customers.fields.incomeBand')} max={50} />
        </Col>
        <Col {...third}>
          <TextItem name="education" label={t('customers.fields.education')} max={50} />
        </Col>
        <Col {...third}>
          <TextItem name="maritalStatus" label={t('customers.fields.maritalStatus')} max={50} />
        </Col>
      </Row>
    </>
  );
}

/** Facts of an organisation, and its parent in a group of companies. */
export function OrganizationFields({
  customerId,
  parent,
}: {
  customerId?: string | undefined;
  parent?: { value: string; label: string } | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Section title={t('customers.sections.organization')} />
      <Row gutter={16}>
        <Col {...half}>
          <TextItem name="industry" label={t('customers.fields.industry')} max={100} />
        </Col>
        <Col {...half}>
          <TextItem name="companySize" label={t('customers.fields.companySize')} max={50} />
        </Col>
        <Col {...half}>
          <Form.Item name="annualRevenue" label={t('customers.fields.annualRevenue')}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <TextItem name="creditRating" label={t('customers.fields.creditRating')} max={20} />
        </Col>
        <Col {...half}>
          <Form.Item
            name="creditCode"
            label={t('customers.fields.creditCode')}
            rules={[creditCodeRule(t)]}
            normalize={(value: string) => value.toUpperCase()}
          >
            <Input
              maxLength={18}
              autoComplete="off"
              style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }}
            />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="parentId" label={t('customers.fields.parent')}>
            <CustomerSelect
              kind="organization"
              excludeId={customerId}
              known={parent}
              testId="parent-select"
            />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

/** Country, then province/city from China's divisions, or typed in for other countries. */
export function AddressFields() {
  const { t } = useTranslation();
  const options = useCustomerOptions();
  const form = Form.useFormInstance();
  const country = Form.useWatch<string | undefined>('country', form);
  const inChina = (country ?? 'CN') === 'CN';
  return (
    <>
      <Section title={t('customers.sections.address')} />
      <Row gutter={16}>
        <Col {...third}>
          <Form.Item name="country" label={t('customers.fields.country')}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={options.countries}
              popupMatchSelectWidth={false}
            />
          </Form.Item>
        </Col>
        {inChina ? (
          <Col {...third}>
            <Form.Item name="region" label={t('customers.fields.region')}>
              <Cascader
                options={options.regions}
                changeOnSelect
                showSearch
                placeholder={t('customers.fields.region')}
              />
            </Form.Item>
          </Col>
        ) : (
          <>
            <Col {...third}>
              <TextItem name="province" label={t('customers.fields.province')} max={50} />
            </Col>
            <Col {...third}>
              <TextItem name="city" label={t('customers.fields.city')} max={50} />
            </Col>
          </>
        )}
        <Col {...third}>
          <TextItem name="district" label={t('customers.fields.district')} max={50} />
        </Col>
        <Col span={24}>
          <TextItem name="address" label={t('customers.fields.address')} max={200} />
        </Col>
      </Row>
    </>
  );
}
