/** Every domain's approval subjects, registered with the engine. */
import "../okrs/approval";
import "../campaigns/approval";
import "../products/approval";
import "../risks/approval";
