/**
 * The message catalogs: a base catalog per locale plus one file per feature namespace
 * (messages/<namespace>/<locale>.json, nested under the namespace), so features keep their strings
 * apart. Used by next-intl (app/_i18n/request.ts) and by the server's error translation.
 */
import en from "./messages/en.json";
import zh from "./messages/zh-CN.json";
import okrsEn from "./messages/okrs/en.json";
import okrsZh from "./messages/okrs/zh-CN.json";
import kpisEn from "./messages/kpis/en.json";
import kpisZh from "./messages/kpis/zh-CN.json";
import myKrsEn from "./messages/myKrs/en.json";
import myKrsZh from "./messages/myKrs/zh-CN.json";
import dependenciesEn from "./messages/dependencies/en.json";
import dependenciesZh from "./messages/dependencies/zh-CN.json";
import alignmentEn from "./messages/alignment/en.json";
import alignmentZh from "./messages/alignment/zh-CN.json";
import periodsEn from "./messages/periods/en.json";
import periodsZh from "./messages/periods/zh-CN.json";
import approvalsEn from "./messages/approvals/en.json";
import approvalsZh from "./messages/approvals/zh-CN.json";
import notificationsEn from "./messages/notifications/en.json";
import notificationsZh from "./messages/notifications/zh-CN.json";
import campaignsEn from "./messages/campaigns/en.json";
import campaignsZh from "./messages/campaigns/zh-CN.json";
import campaignCalendarEn from "./messages/campaignCalendar/en.json";
import campaignCalendarZh from "./messages/campaignCalendar/zh-CN.json";
import productsEn from "./messages/products/en.json";
import productsZh from "./messages/products/zh-CN.json";
import productRoadmapEn from "./messages/productRoadmap/en.json";
import productRoadmapZh from "./messages/productRoadmap/zh-CN.json";
import productSettingsEn from "./messages/productSettings/en.json";
import productSettingsZh from "./messages/productSettings/zh-CN.json";
import risksEn from "./messages/risks/en.json";
import risksZh from "./messages/risks/zh-CN.json";
import retrosEn from "./messages/retros/en.json";
import retrosZh from "./messages/retros/zh-CN.json";
import myWorkEn from "./messages/myWork/en.json";
import myWorkZh from "./messages/myWork/zh-CN.json";
import orgDashboardEn from "./messages/orgDashboard/en.json";
import orgDashboardZh from "./messages/orgDashboard/zh-CN.json";
import commentsEn from "./messages/comments/en.json";
import commentsZh from "./messages/comments/zh-CN.json";
import reviewEn from "./messages/review/en.json";
import reviewZh from "./messages/review/zh-CN.json";
import apiKeysEn from "./messages/apiKeys/en.json";
import apiKeysZh from "./messages/apiKeys/zh-CN.json";
import webhooksEn from "./messages/webhooks/en.json";
import webhooksZh from "./messages/webhooks/zh-CN.json";
import orgBackupEn from "./messages/orgBackup/en.json";
import orgBackupZh from "./messages/orgBackup/zh-CN.json";
import type { Locale } from "./config";

export const CATALOGS: Record<Locale, Record<string, unknown>> = {
  en: {
    ...en,
    comments: commentsEn,
    orgDashboard: orgDashboardEn,
    okrs: okrsEn,
    kpis: kpisEn,
    myKrs: myKrsEn,
    dependencies: dependenciesEn,
    alignment: alignmentEn,
    periods: periodsEn,
    approvals: approvalsEn,
    notifications: notificationsEn,
    campaigns: campaignsEn,
    campaignCalendar: campaignCalendarEn,
    products: productsEn,
    risks: risksEn,
    myWork: myWorkEn,
    productRoadmap: productRoadmapEn,
    productSettings: productSettingsEn,
    retros: retrosEn,
    review: reviewEn,
    apiKeys: apiKeysEn,
    webhooks: webhooksEn,
    orgBackup: orgBackupEn,
  },
  "zh-CN": {
    ...zh,
    comments: commentsZh,
    orgDashboard: orgDashboardZh,
    okrs: okrsZh,
    kpis: kpisZh,
    myKrs: myKrsZh,
    dependencies: dependenciesZh,
    alignment: alignmentZh,
    periods: periodsZh,
    approvals: approvalsZh,
    notifications: notificationsZh,
    campaigns: campaignsZh,
    campaignCalendar: campaignCalendarZh,
    products: productsZh,
    risks: risksZh,
    myWork: myWorkZh,
    productRoadmap: productRoadmapZh,
    productSettings: productSettingsZh,
    retros: retrosZh,
    review: reviewZh,
    apiKeys: apiKeysZh,
    webhooks: webhooksZh,
    orgBackup: orgBackupZh,
  },
};
