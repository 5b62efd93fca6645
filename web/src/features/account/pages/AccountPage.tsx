import { Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { ApiTokensCard } from '../components/ApiTokensCard.tsx';
import { LanguageCard } from '../components/LanguageCard.tsx';
import { PasswordCard } from '../components/PasswordCard.tsx';
import { ProfileCard } from '../components/ProfileCard.tsx';

/** My account: profile name, language, password and API tokens — for every signed-in user. */
export function AccountPage() {
  const { t } = useTranslation();
  return (
    <div data-testid="account-page">
      <PageHeader title={t('account.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8}>
          <ProfileCard />
        </Col>
        <Col xs={24} md={12} xl={8}>
          <PasswordCard />
        </Col>
        <Col xs={24} md={12} xl={8}>
          <LanguageCard />
        </Col>
        <Col span={24}>
          <ApiTokensCard />
        </Col>
      </Row>
    </div>
  );
}
